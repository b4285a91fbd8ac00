import type { z } from 'zod';
import type { PluginManifest } from './types.js';

/** Typed identity: gives plugin authors completion and checks their manifest at compile time. */
export function definePlugin<Opts extends z.ZodObject>(manifest: PluginManifest<Opts>): PluginManifest<Opts> {
  return manifest;
}
