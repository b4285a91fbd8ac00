/**
 * Preload for Node processes in drop-in mode (`NODE_OPTIONS=--import <this file>`): Node 20's `fetch`
 * ignores `HTTPS_PROXY`, so this installs undici's `EnvHttpProxyAgent` as the global dispatcher, which
 * reads `HTTPS_PROXY`/`NO_PROXY` like curl does. Node >= 22.21 / 24.5 do the same natively with
 * `NODE_USE_ENV_PROXY=1`. Changes nothing in the client's code; `NODE_EXTRA_CA_CERTS` supplies the CA.
 */
import { EnvHttpProxyAgent, setGlobalDispatcher } from 'undici';

setGlobalDispatcher(new EnvHttpProxyAgent());
