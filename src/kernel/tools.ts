/** Tool declaration and metadata. The catalog and its enablement rules live in catalog.ts. */
export { readToolOptions, Tool } from './tool-decorator.js';
