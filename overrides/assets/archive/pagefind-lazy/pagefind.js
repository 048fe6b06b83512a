// Pagefind's API without the index preload (see withoutPreload in ../search.js).
// A file rather than a blob: URL, so the Content-Security-Policy's script-src
// stays 'self' (statements_archive.site.csp). Paths are relative to this file.
export * from "../../../pagefind/pagefind.js";
export async function preload() {}
