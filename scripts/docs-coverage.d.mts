// Types of scripts/docs-coverage.mjs for the vitest suite (tests/docs).
export interface DocItem { name: string; kind: string; file: string; documented: boolean }
export interface DocSummary { documented: number; total: number; percent: number; missing: DocItem[] }
export function entryPoints(): string[];
export function collectDocItems(opts?: { entries?: string[] }): Promise<DocItem[]>;
export function summarize(items: DocItem[], prefixes?: string[]): DocSummary;
