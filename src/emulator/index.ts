export { runEmulatorCommand } from './cli.js';
export type { EmulatorControl } from './control.js';
export type { CounterFilter, CounterSnapshot } from './counters.js';
export type { AppCertificate } from './credentials.js';
export type { FaultSpec } from './faults.js';
export type { QuotaLimit, QuotaTable } from './quotas.js';
export type { ApiName, Caller, EmuClock, EmuRequest, EmuResponse, Route } from './routing.js';
export type { EmulatorApp, EmulatorOptions, EmulatorTenant, RunningEmulator } from './start.js';
export { startEmulator } from './start.js';
