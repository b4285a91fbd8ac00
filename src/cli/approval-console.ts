import type { Kernel } from '../kernel/kernel.js';
import type { StateStore } from '../kernel/state/store.js';
import { STATE_STORE } from '../kernel/tokens.js';
import type { HttpAuthOptions } from '../kernel/transports/http-auth.js';
import type { HttpRoutes } from '../kernel/transports/http-routes.js';
import type { CliIo } from './command.js';

/**
 * The approval console of a served kernel: its routes, and how approvers sign in. Without team
 * auth, a one-time login link goes to stderr (never stdout, which may be the protocol's) at start
 * and again with each new pending request, so the person at this machine can open it.
 */
export async function approvalConsoleFor(
  kernel: Kernel,
  io: CliIo,
  /** The HTTP transports' authentication (team auth), or undefined without it. */
  authOptions: HttpAuthOptions | undefined,
): Promise<{ routes: HttpRoutes; announce(url: URL): Promise<void> }> {
  const { approvalConsole, consoleAuthFor } = await import('../kernel/approvals/console-routes.js');
  const store = kernel.container.resolve<StateStore>(STATE_STORE);
  const auth = consoleAuthFor(kernel.approvals, store, authOptions?.authenticator, io.env);
  const routes = approvalConsole({ approvals: kernel.approvals, auth, network: authOptions });
  return {
    routes,
    async announce(url) {
      kernel.approvals.setConsoleUrl(url.href);
      if (!auth.linksAllowed) {
        io.stderr(`mcp-xdr: approval console on ${url.href} (approvers sign in with their API key)\n`);
        return;
      }
      const link = async () => `${url.href}/login?once=${await auth.newLoginSecret()}`;
      io.stderr(`mcp-xdr: approval console on ${url.href}; one-time login link: ${await link()}\n`);
      kernel.approvals.onRequested((record) => {
        void link().then((href) =>
          io.stderr(
            `mcp-xdr: ${record.tool} waits for approval (${record.id}); one-time login link: ${href}\n`,
          ),
        );
      });
    },
  };
}

/** Whether the kernel has anything a console decides or stops (a write or destructive tool). */
export function needsConsole(kernel: Kernel): boolean {
  return kernel.catalog.tools.some((entry) => entry.status.enabled && entry.descriptor.tier !== 'read');
}
