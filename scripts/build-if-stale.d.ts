/** Types of build-if-stale.js (plain JavaScript: it runs before anything is compiled). */
export declare const BUILD_INPUTS: string[];
export declare const STAMP: string;
export declare function buildStaleness(
  root: string,
  inputs?: string[],
  stamp?: string,
): { stale: boolean; reason: string };
export declare function writeStamp(root: string, stamp?: string): void;
