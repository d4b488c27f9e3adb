// A configuration problem, located in its file where we can (`file:line:col: message`, one a line).
export interface ConfigProblem {
  message: string;
  line?: number;
  column?: number;
}

export class ConfigError extends Error {
  readonly file: string;
  readonly problems: readonly ConfigProblem[];

  constructor(file: string, problems: ConfigProblem | readonly ConfigProblem[]) {
    const list = Array.isArray(problems) ? problems : [problems as ConfigProblem];
    super(list.map((p) => `${file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
    this.file = file;
    this.problems = list;
  }

  get line(): number | undefined {
    return this.problems[0]?.line;
  }
}
