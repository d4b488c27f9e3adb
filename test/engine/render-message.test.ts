import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_VALUE_CHARS, renderMessage } from '../../src/engine/evaluate-object.ts';
import { compileExpression } from '../../src/rules/cel-environment.ts';

describe('renderMessage', () => {
  const parts = [{ text: 'Container ' }, { expression: compileExpression('container.name') }, { text: ' runs as root.' }];

  it('quotes the values the message names', () => {
    expect(renderMessage(parts, { container: { name: 'web' } })).toBe('Container web runs as root.');
  });

  it('shortens a huge value instead of copying it into every finding', () => {
    const message = renderMessage(parts, { container: { name: 'x'.repeat(5_000_000) } });
    expect(message).toBe(`Container ${'x'.repeat(MAX_MESSAGE_VALUE_CHARS - 1)}… runs as root.`);
  });

  it('shows ? for a value that cannot be evaluated', () => {
    expect(renderMessage(parts, { container: {} })).toBe('Container ? runs as root.');
  });
});
