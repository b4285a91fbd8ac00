import type { SignIn, User } from './model.js';
import { APPS, CITIES } from './names.js';
import type { Rng } from './prng.js';
import { DAY, iso7 } from './time.js';

export interface SignInFacts {
  time: number;
  ipAddress: string;
  location: { city: string; state: string; countryOrRegion: string };
  success: boolean;
  risk: 'none' | 'low' | 'medium' | 'high';
  riskEventTypes?: string[];
  deviceName?: string;
}

/** One Entra sign-in log entry (`/auditLogs/signIns`). */
export function signIn(rng: Rng, user: User, f: SignInFacts): SignIn {
  const app = rng.pick(APPS);
  return {
    id: rng.guid(),
    createdDateTime: iso7(f.time),
    userDisplayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
    userId: user.id,
    appId: app.appId,
    appDisplayName: app.appDisplayName,
    ipAddress: f.ipAddress,
    clientAppUsed: 'Browser',
    correlationId: rng.guid(),
    conditionalAccessStatus: f.success ? 'success' : 'failure',
    isInteractive: true,
    riskDetail: 'none',
    riskLevelAggregated: f.risk,
    riskLevelDuringSignIn: f.risk,
    riskState: f.risk === 'none' ? 'none' : 'atRisk',
    riskEventTypes_v2: f.riskEventTypes ?? [],
    resourceDisplayName: app.appDisplayName,
    resourceId: app.appId,
    status: f.success
      ? { errorCode: 0, failureReason: null, additionalDetails: null }
      : {
          errorCode: 50126,
          failureReason: 'Error validating credentials due to invalid username or password.',
          additionalDetails: null,
        },
    deviceDetail: {
      deviceId: '',
      displayName: f.deviceName ?? '',
      operatingSystem: 'Windows 10',
      browser: 'Edge 120.0.0',
      isCompliant: Boolean(f.deviceName),
      isManaged: Boolean(f.deviceName),
      trustType: f.deviceName ? 'Hybrid Azure AD joined' : '',
    },
    location: { ...f.location },
  };
}

/** Ordinary sign-ins: a few per user over the data window, from their usual city. */
export function backgroundSignIns(
  rng: Rng,
  users: readonly User[],
  anchor: number,
  perUser: number,
): SignIn[] {
  const out: SignIn[] = [];
  for (const user of users) {
    const home = CITIES.find((c) => c.countryOrRegion === user.usageLocation) ?? CITIES[0];
    for (let i = 0; i < perUser; i++) {
      out.push(
        signIn(rng, user, {
          time: anchor - rng.int(1, 27 * DAY),
          ipAddress: `198.51.100.${rng.int(1, 254)}`,
          location: { ...home },
          success: rng.chance(0.93),
          risk: 'none',
        }),
      );
    }
  }
  return out;
}
