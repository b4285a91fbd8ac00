import { z } from 'zod';
import { deviceActionTool } from './action-tool.js';
import { DeviceActionArgs } from './device-action.js';

const Input = z.object(DeviceActionArgs);

export const CollectInvestigationPackage = deviceActionTool(
  {
    name: 'collect_investigation_package',
    title: 'Collect investigation package',
    description:
      'Collects a forensic package (logs, processes, autoruns, network state) from one device ' +
      '(collectInvestigationPackage). Two phases: preview, then the call with the confirmationToken. ' +
      'Once the action succeeds, get_investigation_package gives a short-lived download link.',
    input: Input,
    risk: 'write',
  },
  {
    kind: 'collectInvestigationPackage',
    group: () => 'forensics',
    destructive: false,
    verb: () => 'collect an investigation package from',
    change: () => ({ field: 'investigation package', from: 'none requested', to: 'collection requested' }),
    body: () => ({}),
    next: (a, i) => {
      const tenant = i.tenant === undefined ? {} : { tenant: i.tenant };
      return a
        ? [
            {
              tool: 'get_investigation_package',
              why: 'Get the download link once the collection succeeded.',
              args: { actionId: a.id, ...tenant },
            },
          ]
        : [];
    },
  },
);
