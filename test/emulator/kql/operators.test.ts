import { describe, expect, it } from 'vitest';
import { rows, run } from './fixtures.js';

describe('KQL tabular operators', () => {
  it('where + project stream the matching rows with the projected columns only', async () => {
    const r = await run('DeviceProcessEvents | where FileName == "cmd.exe" | project DeviceId, ProcessId');
    expect(r.schema).toEqual([
      { name: 'DeviceId', type: 'String' },
      { name: 'ProcessId', type: 'Int64' },
    ]);
    expect(r.results).toEqual([
      { DeviceId: 'd1', ProcessId: 101 },
      { DeviceId: 'd2', ProcessId: 103 },
    ]);
  });

  it('project computes expressions and names unnamed ones as the analyzer does', async () => {
    const r = await run(
      'DeviceProcessEvents | where ProcessId == 100 | project Id = ProcessId * 2, strlen(FileName), ProcessId + 1',
    );
    expect(r.schema.map((c) => c.name)).toEqual(['Id', 'strlen_FileName', 'Column1']);
    expect(r.results).toEqual([{ Id: 200, strlen_FileName: 14, Column1: 101 }]);
  });

  it('extend adds and replaces columns; project-away, -rename, -reorder reshape', async () => {
    const r = await run(
      'DeviceProcessEvents | where ProcessId == 101 | extend a = ProcessId + 1, FileName = toupper(FileName) | extend b = a * 10 | project a, b, FileName | project-rename Name = FileName | project-reorder Name | project-away a',
    );
    expect(r.schema.map((c) => c.name)).toEqual(['Name', 'b']);
    expect(r.results).toEqual([{ Name: 'CMD.EXE', b: 1020 }]);
  });

  it('summarize count/countif/dcount/sum/avg/min/max/make_set/make_list by columns', async () => {
    const r = await run(
      'DeviceProcessEvents | summarize n = count(), cmds = countif(FileName == "cmd.exe"), files = dcount(FileName), s = sum(ProcessId), a = avg(ProcessId), lo = min(ProcessId), hi = max(ProcessId), set = make_set(FileName), list = make_list(AccountName) by DeviceId | order by DeviceId asc',
    );
    expect(r.schema.map((c) => `${c.name}:${c.type}`)).toEqual([
      'DeviceId:String',
      'n:Int64',
      'cmds:Int64',
      'files:Int64',
      's:Int64',
      'a:Double',
      'lo:Int64',
      'hi:Int64',
      'set:Object',
      'list:Object',
    ]);
    expect(r.results).toEqual([
      {
        DeviceId: 'd1',
        n: 2,
        cmds: 1,
        files: 2,
        s: 201,
        a: 100.5,
        lo: 100,
        hi: 101,
        set: ['powershell.exe', 'cmd.exe'],
        list: ['alice', 'alice'],
      },
      {
        DeviceId: 'd2',
        n: 2,
        cmds: 1,
        files: 2,
        s: 205,
        a: 102.5,
        lo: 102,
        hi: 103,
        set: ['CertUtil.exe', 'cmd.exe'],
        list: ['bob', 'bob'],
      },
    ]);
  });

  it('summarize arg_max(Timestamp, *) keeps the latest row per key; dcountif and any', async () => {
    const latest = await rows(
      'DeviceProcessEvents | summarize arg_max(Timestamp, *) by DeviceId | project DeviceId, FileName',
    );
    expect(latest).toEqual([
      { DeviceId: 'd1', FileName: 'powershell.exe' },
      { DeviceId: 'd2', FileName: 'CertUtil.exe' },
    ]);
    const first = await rows(
      'DeviceProcessEvents | summarize arg_min(Timestamp, FileName), dcountif(FileName, ProcessId > 101)',
    );
    expect(first).toEqual([
      { Timestamp: '2024-03-26T08:00:00.0000000Z', FileName: 'cmd.exe', dcountif_FileName: 2 },
    ]);
  });

  it('summarize without by over no rows still yields one row; with by it yields none', async () => {
    expect(await rows('DeviceProcessEvents | where FileName == "none" | summarize count()')).toEqual([
      { count_: 0 },
    ]);
    expect(
      await rows('DeviceProcessEvents | where FileName == "none" | summarize count() by DeviceId'),
    ).toEqual([]);
  });

  it('summarize by bin(Timestamp, 1h) groups on hour boundaries', async () => {
    const r = await rows(
      'DeviceNetworkEvents | summarize c = count() by bin(Timestamp, 1h) | order by Timestamp asc',
    );
    expect(r).toEqual([
      { Timestamp: '2024-03-26T07:00:00.0000000Z', c: 1 },
      { Timestamp: '2024-03-26T10:00:00.0000000Z', c: 1 },
      { Timestamp: '2024-03-26T11:00:00.0000000Z', c: 2 },
    ]);
  });

  it('order by defaults to descending with nulls last; asc puts nulls first; nulls last overrides', async () => {
    const t = 'datatable(x:long)[3, long(null), 1, 2]';
    expect((await rows(`${t} | order by x`)).map((r) => r.x)).toEqual([3, 2, 1, null]);
    expect((await rows(`${t} | sort by x asc`)).map((r) => r.x)).toEqual([null, 1, 2, 3]);
    expect((await rows(`${t} | order by x asc nulls last`)).map((r) => r.x)).toEqual([1, 2, 3, null]);
  });

  it('take/limit stop early; top N by orders then takes', async () => {
    expect(await rows('DeviceProcessEvents | take 2 | count')).toEqual([{ Count: 2 }]);
    expect(await rows('DeviceProcessEvents | limit 0')).toEqual([]);
    expect((await rows('DeviceProcessEvents | top 2 by ProcessId asc')).map((r) => r.ProcessId)).toEqual([
      100, 101,
    ]);
  });

  it('distinct returns each combination once', async () => {
    expect(
      await rows('DeviceProcessEvents | distinct DeviceId, AccountName | order by DeviceId asc'),
    ).toEqual([
      { DeviceId: 'd1', AccountName: 'alice' },
      { DeviceId: 'd2', AccountName: 'bob' },
    ]);
  });

  it('join kinds: innerunique (default), inner, leftouter, leftanti, leftsemi, rightanti', async () => {
    const left = 'datatable(k:long, l:string)[1,"a", 1,"b", 2,"c", 4,"d"]';
    const right = 'datatable(k:long, r:string)[1,"x", 1,"y", 3,"z"]';
    const q = (kind: string) => `${left} | join ${kind} (${right}) on k | order by l asc`;
    expect(await rows(q(''))).toEqual([
      { k: 1, l: 'a', k1: 1, r: 'x' },
      { k: 1, l: 'a', k1: 1, r: 'y' },
    ]);
    expect((await rows(q('kind=inner'))).map((r) => `${r.l}${r.r}`)).toEqual(['ax', 'ay', 'bx', 'by']);
    expect((await rows(q('kind=leftouter'))).map((r) => `${r.l}${r.r}`)).toEqual([
      'ax',
      'ay',
      'bx',
      'by',
      'c',
      'd',
    ]);
    expect((await rows(q('kind=leftanti'))).map((r) => r.l)).toEqual(['c', 'd']);
    expect((await rows(q('kind=leftsemi'))).map((r) => r.l)).toEqual(['a', 'b']);
    expect(await rows(`${left} | join kind=rightanti (${right}) on k`)).toEqual([{ k: 3, r: 'z' }]);
  });

  it('missing strings are empty strings: they group, distinct and join as ""', async () => {
    expect(await rows('DeviceNetworkEvents | distinct RemoteUrl | order by RemoteUrl asc')).toEqual([
      { RemoteUrl: '' },
      { RemoteUrl: 'evil.example' },
    ]);
    const blank = 'DeviceNetworkEvents | where isempty(RemoteUrl)';
    expect(await rows(`${blank} | join kind=inner (${blank}) on RemoteUrl | count`)).toEqual([{ Count: 9 }]);
    expect(await rows(`${blank} | join (${blank}) on RemoteUrl | count`)).toEqual([{ Count: 3 }]);
    const oneBlank = '(DeviceNetworkEvents | where RemoteIP == "10.0.0.5" | project RemoteUrl)';
    expect(await rows(`DeviceNetworkEvents | where RemoteUrl in (${oneBlank}) | count`)).toEqual([
      { Count: 3 },
    ]);
    expect(await rows(`print e = toscalar(${oneBlank}) == ""`)).toEqual([{ e: true }]);
  });

  it('join kinds: rightouter, fullouter, rightsemi', async () => {
    const left = 'datatable(k:long, l:string)[1,"a", 2,"c"]';
    const right = 'datatable(k:long, r:string)[1,"x", 3,"z"]';
    const q = (kind: string) => `${left} | join kind=${kind} (${right}) on k`;
    expect((await rows(q('rightouter'))).map((r) => `${r.l}${r.r}`).sort()).toEqual(['ax', 'z']);
    expect((await rows(q('fullouter'))).map((r) => `${r.l}${r.r}`).sort()).toEqual(['ax', 'c', 'z']);
    expect(await rows(q('rightsemi'))).toEqual([{ k: 1, r: 'x' }]);
  });

  it('join on $left.x == $right.y matches differently named columns', async () => {
    const r = await rows(
      'DeviceProcessEvents | where ProcessId == 103 | project Parent = InitiatingProcessFileName | join kind=inner (DeviceProcessEvents | project FileName, DeviceId) on $left.Parent == $right.FileName',
    );
    expect(r).toEqual([]);
    const r2 = await rows(
      'DeviceProcessEvents | where ProcessId == 102 | project Parent = InitiatingProcessFileName | join kind=inner (DeviceProcessEvents | project FileName, ProcessId) on $left.Parent == $right.FileName | order by ProcessId asc',
    );
    expect(r2).toEqual([
      { Parent: 'cmd.exe', FileName: 'cmd.exe', ProcessId: 101 },
      { Parent: 'cmd.exe', FileName: 'cmd.exe', ProcessId: 103 },
    ]);
  });

  it('union (also as a source) with withsource names each row’s table', async () => {
    const r = await run(
      'union withsource=Source DeviceLogonEvents, EmailEvents | summarize n = count() by Source | order by Source asc',
    );
    expect(r.results).toEqual([
      { Source: 'DeviceLogonEvents', n: 3 },
      { Source: 'EmailEvents', n: 3 },
    ]);
    const piped = await rows(
      'DeviceLogonEvents | union (EmailEvents | where SenderFromDomain == "contoso.com") | count',
    );
    expect(piped).toEqual([{ Count: 4 }]);
  });

  it('union over wildcard table names; columns whose types differ become name_type columns', async () => {
    expect(await rows('union withsource=T Device* | summarize n = count() by T | order by T asc')).toEqual([
      { T: 'DeviceLogonEvents', n: 3 },
      { T: 'DeviceNetworkEvents', n: 4 },
      { T: 'DeviceProcessEvents', n: 4 },
    ]);
    const r = await run(
      'union DeviceProcessEvents, AlertEvidence | where isnotempty(AdditionalFields_string) | project AdditionalFields_string, AdditionalFields_dynamic',
    );
    expect(r.schema).toEqual([
      { name: 'AdditionalFields_string', type: 'String' },
      { name: 'AdditionalFields_dynamic', type: 'Object' },
    ]);
    expect(r.results).toEqual([
      { AdditionalFields_string: '{"Signed":true,"Tags":["a","b"]}', AdditionalFields_dynamic: null },
    ]);
  });

  it('search "term" across tables, in named or wildcard tables, and after a pipe', async () => {
    const everywhere = await run(
      'search in (DeviceProcessEvents, DeviceNetworkEvents) "evil" | project $table, DeviceId, RemoteUrl, ProcessId',
    );
    expect(everywhere.results).toEqual([
      { $table: 'DeviceProcessEvents', DeviceId: 'd2', RemoteUrl: '', ProcessId: 102 },
      { $table: 'DeviceNetworkEvents', DeviceId: 'd1', RemoteUrl: 'evil.example', ProcessId: null },
    ]);
    expect(await rows('search in (Device*) "whoami" | project $table, ProcessId')).toEqual([
      { $table: 'DeviceProcessEvents', ProcessId: 101 },
    ]);
    expect(await rows('DeviceProcessEvents | search "alice" | count')).toEqual([{ Count: 2 }]);
    // Over every table, AdditionalFields is a string in some and dynamic in others: the analyzer's
    // output type wins and the dynamic values read as their JSON text.
    const anywhere = await rows('search "evil"');
    expect(anywhere.length).toBeGreaterThan(0);
    for (const r of anywhere) expect(JSON.stringify(r).toLowerCase()).toContain('evil');
  });

  it('mv-expand of an expression expands into the column the analyzer names', async () => {
    expect(await rows('print Ids = "[1,2]" | mv-expand todynamic(Ids)')).toEqual([{ Ids: 1 }, { Ids: 2 }]);
  });

  it('mv-expand expands arrays and bags, in parallel, with to typeof()', async () => {
    expect(
      await rows('print a = dynamic([1,2,3]), b = dynamic(["x","y"]) | mv-expand a to typeof(long), b'),
    ).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
      { a: 3, b: null },
    ]);
    expect(await rows('print p = dynamic({"k1": 1, "k2": 2}) | mv-expand p')).toEqual([
      { p: { k1: 1 } },
      { p: { k2: 2 } },
    ]);
  });

  it('parse extracts typed columns with literals and wildcards; no match gives empty values', async () => {
    const r = await run(
      'datatable(s:string)["user=alice id=42 extra", "garbage"] | parse s with * "user=" User " id=" Id:long *',
    );
    expect(r.schema.map((c) => `${c.name}:${c.type}`)).toEqual(['s:String', 'User:String', 'Id:Int64']);
    expect(r.results).toEqual([
      { s: 'user=alice id=42 extra', User: 'alice', Id: 42 },
      { s: 'garbage', User: '', Id: null },
    ]);
  });

  it('getschema lists the columns with their types', async () => {
    const r = await rows('EmailEvents | getschema | where ColumnName in ("Timestamp", "AttachmentCount")');
    expect(r).toEqual([
      { ColumnName: 'Timestamp', ColumnOrdinal: 0, DataType: 'System.DateTime', ColumnType: 'datetime' },
      { ColumnName: 'AttachmentCount', ColumnOrdinal: 9, DataType: 'System.Int32', ColumnType: 'int' },
    ]);
  });

  it('let binds scalars, tabular expressions and functions (scalar and tabular bodies)', async () => {
    const r = await rows(`
      let threshold = 101;
      let Procs = DeviceProcessEvents | where ProcessId >= threshold;
      let label = (name:string, suffix:string = "!") { strcat(toupper(name), suffix) };
      let onDevice = (id:string) { Procs | where DeviceId == id };
      onDevice("d2") | project Label = label(FileName) | order by Label asc`);
    expect(r).toEqual([{ Label: 'CERTUTIL.EXE!' }, { Label: 'CMD.EXE!' }]);
  });

  it('materialize(), table() and mv-expand limit', async () => {
    expect(
      await rows('let m = materialize(DeviceLogonEvents | where ActionType == "LogonFailed"); m | count'),
    ).toEqual([{ Count: 2 }]);
    expect(await rows('table("EmailEvents") | count')).toEqual([{ Count: 3 }]);
    expect(await rows('print a = dynamic([1,2,3]) | mv-expand a limit 2')).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('make_set over dynamic arrays is the set of their elements; make_list keeps the arrays', async () => {
    const arrays = 'datatable(a:dynamic)[dynamic(["x","y"]), dynamic(["y","z"])]';
    expect(await rows(`${arrays} | summarize s = make_set(a)`)).toEqual([{ s: ['x', 'y', 'z'] }]);
    expect(await rows(`${arrays} | summarize l = make_list(a)`)).toEqual([
      {
        l: [
          ['x', 'y'],
          ['y', 'z'],
        ],
      },
    ]);
    // The legacy names the service still accepts.
    expect(await rows(`${arrays} | summarize s = makeset(a), l = makelist(a)`)).toEqual([
      {
        s: ['x', 'y', 'z'],
        l: [
          ['x', 'y'],
          ['y', 'z'],
        ],
      },
    ]);
  });

  it('any() and take_any() return the values of one row of the group', async () => {
    const r = await rows(
      'DeviceProcessEvents | summarize any(FileName, ProcessId), take_any(AccountName) by DeviceId',
    );
    expect(r).toEqual([
      { DeviceId: 'd1', any_FileName: 'powershell.exe', any_ProcessId: 100, AccountName: 'alice' },
      { DeviceId: 'd2', any_FileName: 'CertUtil.exe', any_ProcessId: 102, AccountName: 'bob' },
    ]);
  });

  it('the count operator and `in` over a tabular let', async () => {
    const r = await rows(`
      let noisy = DeviceNetworkEvents | where RemotePort == 443 | project DeviceId;
      DeviceProcessEvents | where DeviceId in (noisy) | count`);
    expect(r).toEqual([{ Count: 2 }]);
  });
});
