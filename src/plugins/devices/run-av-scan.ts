import { z } from 'zod';
import { deviceActionTool } from './action-tool.js';
import { DeviceActionArgs } from './device-action.js';
import { actionSteps } from './steps.js';

const Input = z.object({
  ...DeviceActionArgs,
  scanType: z
    .enum(['Quick', 'Full'])
    .default('Quick')
    .describe('Quick: common locations. Full: every file (slow).'),
});

export const RunAvScan = deviceActionTool(
  {
    name: 'run_av_scan',
    title: 'Run antivirus scan',
    description:
      'Starts a Microsoft Defender Antivirus scan on one device (runAntiVirusScan, Quick or Full). Two ' +
      'phases: preview from live state, then the call with the confirmationToken. A scan already ' +
      'running is reported, not started again.',
    input: Input,
    risk: 'write',
  },
  {
    kind: 'runAntiVirusScan',
    group: () => 'av-scan',
    destructive: false,
    verb: (i) => `run a ${i.scanType} antivirus scan on`,
    change: (_s, i) => ({ field: 'antivirus scan', from: 'none running', to: `${i.scanType} scan` }),
    body: (i) => ({ ScanType: i.scanType }),
    next: (a, i) => actionSteps(a, i),
  },
);
