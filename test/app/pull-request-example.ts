// The pull request object of a real `pull_request.opened` payload: the fake's `pulls/get` response
// starts from it, so the App reads the same shape GitHub sends.
import { example } from './webhook-examples.ts';

const pullRequestExample: Record<string, unknown> = example('pull_request', 'opened').pull_request;
export default pullRequestExample;
