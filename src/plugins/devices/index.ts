import { DefenderForEndpoint } from '../../defender/mde.js';
import { Tenants } from '../../defender/tenants.js';
import {
  definePlugin,
  RESPONSE_LIMITS,
  type ResponseLimits,
  TOOL_CATALOG,
  type ToolAvailability,
} from '../../kernel/index.js';
import { DEVICE_ACTIONS } from './action-tool.js';
import { CollectInvestigationPackage } from './collect-investigation-package.js';
import { DeviceActions } from './device-action.js';
import { FindDevices } from './find-devices.js';
import { GetDeviceActions } from './get-device-actions.js';
import { GetInvestigationPackage } from './get-investigation-package.js';
import { IsolateDevice } from './isolate-device.js';
import { IsolateDevices } from './isolate-devices.js';
import { DevicesOptions } from './options.js';
import { QuarantineFile } from './quarantine-file.js';
import { ReleaseDevice } from './release-device.js';
import { RemoveAppRestriction, RestrictAppExecution } from './restrict-app-execution.js';
import { RunAvScan } from './run-av-scan.js';

export default definePlugin({
  name: 'devices',
  version: '0.1.0',
  description:
    'Find Defender for Endpoint devices and act on them safely: isolate, release, scan, quarantine, ' +
    'restrict, collect; protected devices, cooldowns, an hourly cap, never twice, follow-through.',
  options: DevicesOptions,
  tools: [
    FindDevices,
    GetDeviceActions,
    IsolateDevice,
    ReleaseDevice,
    RunAvScan,
    QuarantineFile,
    RestrictAppExecution,
    RemoveAppRestriction,
    CollectInvestigationPackage,
    GetInvestigationPackage,
    IsolateDevices,
  ],
  setup(container, options) {
    // One runner per plugin container, built on first use (the Defender layer is resolved lazily).
    container.register(DEVICE_ACTIONS, {
      useFactory: (c) =>
        new DeviceActions(
          c.resolve(DefenderForEndpoint),
          c.resolve(Tenants),
          c.resolve<ResponseLimits>(RESPONSE_LIMITS),
          options,
          c.resolve<ToolAvailability>(TOOL_CATALOG),
        ),
    });
  },
});
