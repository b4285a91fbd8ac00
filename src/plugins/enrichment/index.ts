import { definePlugin } from '../../kernel/index.js';
import { EnrichDevice } from './enrich-device.js';
import { EnrichFile } from './enrich-file.js';
import { EnrichIp } from './enrich-ip.js';
import { EnrichUser } from './enrich-user.js';
import { EnrichmentOptions } from './options.js';

export default definePlugin({
  name: 'enrichment',
  version: '0.1.0',
  description: 'What Defender knows about a device, user, IP address or file, with the next useful calls.',
  options: EnrichmentOptions,
  tools: [EnrichDevice, EnrichUser, EnrichIp, EnrichFile],
});
