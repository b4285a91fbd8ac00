import { isToolError, ToolError } from '../../kernel/index.js';

/** A 404 says which id of which kind was not found in which tenant, and where to find valid ids. */
export async function orNotFound<T>(
  what: string,
  id: string,
  tenant: string,
  hint: string,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isToolError(error) && error.code === 'not_found') {
      throw new ToolError('not_found', `No ${what} with id ${id} in tenant "${tenant}".`, { hint });
    }
    throw error;
  }
}
