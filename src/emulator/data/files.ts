import { BENIGN_PROCESSES } from './names.js';
import { Rng } from './prng.js';

export interface FileHashes {
  sha1: string;
  sha256: string;
  md5: string;
}

/** Hashes of a named binary: the same file name gets the same hashes in every tenant of a world. */
export function fileHashes(seed: number, identity: string): FileHashes {
  const rng = Rng.of(seed, 'file', identity);
  return { sha1: rng.hex(40), sha256: rng.hex(64), md5: rng.hex(32) };
}

export interface BinaryInfo extends FileHashes {
  fileName: string;
  folderPath: string;
  size: number;
  company: string;
  commandLine: string;
}

/** The benign binaries background rows run, with their hashes. */
export function benignBinaries(seed: number): BinaryInfo[] {
  return BENIGN_PROCESSES.map((p) => ({
    ...fileHashes(seed, p.file),
    fileName: p.file,
    folderPath: `${p.folder}\\${p.file}`,
    size: 100_000 + (fileHashes(seed, p.file).sha1.charCodeAt(0) % 50) * 37_000,
    company:
      p.file === 'chrome.exe'
        ? 'Google LLC'
        : p.file === 'git.exe'
          ? 'The Git Development Community'
          : 'Microsoft Corporation',
    commandLine: p.cmd,
  }));
}
