import { z } from 'zod';
import { Sha1 } from '../../defender/ids.js';
import { deviceActionTool } from './action-tool.js';
import { DeviceActionArgs } from './device-action.js';
import { actionSteps } from './steps.js';

const Input = z.object({
  ...DeviceActionArgs,
  sha1: Sha1.describe('SHA-1 of the file to stop and quarantine on this device (40 hex characters).'),
});

export const QuarantineFile = deviceActionTool(
  {
    name: 'quarantine_file',
    title: 'Stop and quarantine file',
    description:
      'Stops every process of a file on one device and quarantines the file (StopAndQuarantineFile, by ' +
      'SHA-1). Two phases, then a person approves. Protected devices are refused.',
    input: Input,
    risk: 'destructive',
  },
  {
    kind: 'stopAndQuarantineFile',
    // Per file: quarantining two different files on one device is not flapping.
    group: (i) => `quarantine:${i.sha1.toLowerCase()}`,
    destructive: true,
    verb: (i) => `stop and quarantine file ${i.sha1.toLowerCase()} on`,
    change: (_s, i) => ({
      field: `file ${i.sha1.toLowerCase()}`,
      from: 'running or present',
      to: 'stopped and quarantined',
    }),
    sameRequest: (a, i) => (a.relatedFileInfo?.fileIdentifier ?? '').toLowerCase() === i.sha1.toLowerCase(),
    body: (i) => ({ Sha1: i.sha1.toLowerCase() }),
    warnings: () => ['Processes of this file are killed on the device; the file is moved to quarantine.'],
    next: (a, i) => actionSteps(a, i),
  },
);
