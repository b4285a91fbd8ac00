import type { User } from '../../defender/schemas/graph.js';
import type { NextStep } from '../../kernel/index.js';
import type { AlertRef } from './alert-refs.js';
import { hunts } from './kql.js';

/** What a model usually does after enriching a user. The caller filters by the catalog. */
export function userNextSteps(d: {
  tenant: string;
  user: User;
  alerts: readonly AlertRef[];
  machineIds: readonly string[];
}): NextStep[] {
  const steps: NextStep[] = [
    ...d.machineIds.slice(0, 3).map((machineId) => ({
      tool: 'enrich_device',
      why: "Enrich a device named in this user's alerts.",
      args: { machineId, tenant: d.tenant },
    })),
    ...d.alerts.slice(0, 3).map((alert) => ({
      tool: 'get_alert',
      why: 'Read this alert about the user in full.',
      args: { alertId: alert.id, tenant: d.tenant },
    })),
  ];
  // Containment, when the deployment offers it (the catalog drops the tools it does not).
  const account = { account: d.user.id, tenant: d.tenant };
  steps.push(
    { tool: 'revoke_sessions', why: 'If the account is compromised: sign it out everywhere.', args: account },
    {
      tool: 'disable_account',
      why: 'If the account is compromised: disable it where it lives.',
      args: account,
    },
    {
      tool: 'confirm_user_compromised',
      why: 'Tell Identity Protection the user is compromised.',
      args: account,
    },
  );
  if (d.user.userPrincipalName) {
    steps.push({
      tool: 'run_hunting_query',
      why: "Hunt the user's sign-in activity by application, IP and location.",
      args: { query: hunts.user(d.user.userPrincipalName), tenant: d.tenant },
    });
  }
  return steps;
}
