import { z } from 'zod';
import { definePlugin } from '../../kernel/index.js';
import { AddAlertComment } from './add-alert-comment.js';
import { AddIncidentComment } from './add-incident-comment.js';
import { GetAlert } from './get-alert.js';
import { GetIncident } from './get-incident.js';
import { ListAlerts } from './list-alerts.js';
import { ListIncidents } from './list-incidents.js';
import { UpdateAlert } from './update-alert.js';
import { UpdateIncident } from './update-incident.js';
import { UpdateIncidents } from './update-incidents.js';

/** Incidents and alerts through Microsoft Graph: list, read the whole story, point at the next step. */
export default definePlugin({
  name: 'incidents',
  version: '0.1.0',
  description:
    'Microsoft Defender XDR incidents and alerts: list them, read one with its evidence grouped by kind, ' +
    'and get the next calls to make; at maxTier write, triage them: status, owner, classification, tags, ' +
    'comments, one incident or up to 50 at once.',
  options: z.object({}),
  tools: [
    ListIncidents,
    GetIncident,
    ListAlerts,
    GetAlert,
    UpdateIncident,
    UpdateIncidents,
    AddIncidentComment,
    UpdateAlert,
    AddAlertComment,
  ],
});
