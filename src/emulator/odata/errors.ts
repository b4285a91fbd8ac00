/** A bad OData query option: routes answer it with 400 in their API's error envelope. */
export class ODataError extends Error {
  override readonly name = 'ODataError';
}
