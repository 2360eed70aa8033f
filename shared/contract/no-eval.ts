// Validation without `new Function`, for a page under a Content-Security-Policy
// without 'unsafe-eval' (the renderer's): zod compiles a fast parser with
// `new Function` where it may, and probes whether it may as its first object
// schema is made; under the policy each probe is a violation the page reports
// (two at every start of the desk or the wall). Imported first by the
// renderer's entry, before any schema is made; the core keeps the compiled parsers.
import { config } from 'zod';

config({ jitless: true });
