import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Routes an HTTP listener serves beside /mcp (the approval console). The listener checks Host and
 * Origin (DNS rebinding) before handing a request over; the routes do their own authentication.
 */
export interface HttpRoutes {
  owns(path: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}
