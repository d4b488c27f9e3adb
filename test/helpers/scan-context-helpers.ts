// Scans manifests through the whole-scan entry point, so cross-object (context) rules run too.
import { scanSources, type ScanOptions, type ScanResult } from '../../src/engine/scan.ts';

export interface ManifestFile {
  path: string;
  text: string;
}

export function sourcesOf(files: readonly ManifestFile[]): { path: string; bytes: Uint8Array }[] {
  return files.map((f) => ({ path: f.path, bytes: new TextEncoder().encode(f.text) }));
}

/** Scans files (all reported); `contextFiles` are context only. */
export function scanFiles(files: readonly ManifestFile[], options: ScanOptions = {}, contextFiles: readonly ManifestFile[] = []): ScanResult {
  return scanSources(sourcesOf(files), contextFiles.length ? { ...options, contextSources: sourcesOf(contextFiles) } : options);
}

/**
 * One rule example: the manifest (often several documents) is the whole scan context. With
 * `complete`, it is declared complete for every namespace, so missing references are failures.
 */
export function scanExample(manifest: string, options: ScanOptions & { complete?: boolean } = {}): ScanResult {
  const { complete, ...scanOptions } = options;
  return scanFiles([{ path: 'test.yaml', text: manifest }], complete ? { ...scanOptions, completeNamespaces: ['*'] } : scanOptions);
}
