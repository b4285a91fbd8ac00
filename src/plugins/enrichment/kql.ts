import { kqlString } from '../../defender/kql-string.js';

/** Ready-to-run hunting queries for an entity (values quoted with kqlString). */
export const hunts = {
  device: (machineId: string) =>
    `DeviceProcessEvents\n| where Timestamp > ago(7d) and DeviceId == ${kqlString(machineId)}\n` +
    '| project Timestamp, DeviceName, AccountName, FileName, ProcessCommandLine, InitiatingProcessFileName\n' +
    '| order by Timestamp desc\n| take 100',
  user: (upn: string) =>
    `IdentityLogonEvents\n| where Timestamp > ago(7d) and AccountUpn =~ ${kqlString(upn)}\n` +
    '| summarize Logons = count(), Failures = countif(ActionType == "LogonFailed") by Application, IPAddress, Location\n' +
    '| order by Failures desc',
  ip: (ip: string) =>
    `DeviceNetworkEvents\n| where Timestamp > ago(30d) and (RemoteIP == ${kqlString(ip)} or LocalIP == ${kqlString(ip)})\n` +
    '| summarize Connections = count(), FirstSeen = min(Timestamp), LastSeen = max(Timestamp) by DeviceName, RemotePort\n' +
    '| order by Connections desc',
  file: (hash: string) => {
    const column = hash.length === 64 ? 'SHA256' : 'SHA1';
    return (
      `DeviceFileEvents\n| where Timestamp > ago(30d) and ${column} == ${kqlString(hash.toLowerCase())}\n` +
      '| summarize Events = count(), FirstSeen = min(Timestamp), LastSeen = max(Timestamp) by DeviceName, FileName, FolderPath\n' +
      '| order by LastSeen desc'
    );
  },
};
