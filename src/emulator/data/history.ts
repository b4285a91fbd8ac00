import type { Machine, MachineAction, MachineActionType } from './model.js';
import type { Rng } from './prng.js';
import { DAY, iso7, MINUTE } from './time.js';

/**
 * Finished machine actions from the past weeks (scans, an isolate and release, a package
 * collection), so lists and GetPackageUri have something before any test acts. None is pending.
 */
export function generateActionHistory(
  rng: Rng,
  machines: readonly Machine[],
  anchor: number,
  analyst: string,
): MachineAction[] {
  // Each machine gets a scan, and by chance a released isolation, a package, a lifted restriction.
  const plan = (): (readonly [MachineActionType, string | null])[] => [
    ['RunAntiVirusScan', rng.pick(['Quick', 'Full'])],
    ...(rng.chance(0.5)
      ? ([
          ['Isolate', 'Full'],
          ['Unisolate', null],
        ] as const)
      : []),
    ...(rng.chance(0.7) ? ([['CollectInvestigationPackage', null]] as const) : []),
    ...(rng.chance(0.3)
      ? ([
          ['RestrictCodeExecution', null],
          ['UnrestrictCodeExecution', null],
        ] as const)
      : []),
  ];
  const subjects = rng.sample(machines, 4);
  const out: MachineAction[] = [];
  let time = anchor - 20 * DAY;
  for (const machine of subjects) {
    for (const [type, scope] of plan()) {
      time += rng.int(30, 600) * MINUTE;
      out.push({
        id: rng.guid(),
        type,
        scope,
        requestor: analyst,
        requestorComment: `${type} requested during triage`,
        externalID: null,
        requestSource: 'Portal',
        commands: [],
        cancellationRequestor: null,
        cancellationComment: null,
        cancellationDateTimeUtc: null,
        status: 'Succeeded',
        machineId: machine.id,
        computerDnsName: machine.computerDnsName,
        creationDateTimeUtc: iso7(time),
        lastUpdateDateTimeUtc: iso7(time + rng.int(1, 10) * MINUTE),
        title: `${type} (history)`,
        errorHResult: 0,
        relatedFileInfo: null,
      });
    }
  }
  return out;
}
