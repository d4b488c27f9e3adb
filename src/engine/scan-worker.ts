// A helper thread of a parallel scan, run from source (scan-helper.ts has the work).
import { serveScanRequests } from './scan-helper.ts';

serveScanRequests();
