// The App's own actions come back to it as webhooks: its fix commit as `pull_request.synchronize`,
// its comments as `issue_comment.created`. None of them may trigger more work of the same kind.
export interface Sender {
  login: string;
  type?: string;
}

/** True when the event was caused by this App (its bot user) or, for comments, by any bot. */
export function isOwnAction(sender: Sender | null | undefined, appSlug: string | undefined): boolean {
  if (!sender) return false;
  return appSlug !== undefined && sender.login === `${appSlug}[bot]`;
}

export function isBot(sender: Sender | null | undefined): boolean {
  return sender?.type === 'Bot' || (sender?.login.endsWith('[bot]') ?? false);
}

/** `/plimsoll fix` on a line of its own, anywhere in the comment. */
export function isFixCommand(body: string | null | undefined): boolean {
  return /^\s*\/plimsoll\s+fix\s*$/im.test(body ?? '');
}
