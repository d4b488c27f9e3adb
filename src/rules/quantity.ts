// Kubernetes resource quantities ("500m", "1Gi", "1e3", 2), the same grammar as
// k8s.io/apimachinery/pkg/api/resource, compared as exact rationals scaled to nano-units with bigint.

const BINARY_SUFFIXES: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL_EXPONENTS: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const NANO_EXPONENT = 9;
const QUANTITY_PATTERN = /^([+-]?)(\d+\.?\d*|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

export class Quantity {
  /** Value in nano-units (10^-9), exact for every quantity Kubernetes accepts in practice. */
  readonly nanos: bigint;
  readonly text: string;

  constructor(nanos: bigint, text: string) {
    this.nanos = nanos;
    this.text = text;
  }

  compareTo(other: Quantity): number {
    return this.nanos === other.nanos ? 0 : this.nanos < other.nanos ? -1 : 1;
  }

  asApproximateFloat(): number {
    return Number(this.nanos) / 1e9;
  }

  toString(): string {
    return this.text;
  }
}

export function isQuantity(input: unknown): boolean {
  return parseQuantity(input) !== undefined;
}

export function parseQuantity(input: unknown): Quantity | undefined {
  if (typeof input === 'bigint') return new Quantity(input * 10n ** BigInt(NANO_EXPONENT), input.toString());
  if (typeof input === 'number') return Number.isFinite(input) ? parseQuantity(String(input)) : undefined;
  if (typeof input !== 'string') return undefined;
  // Manifests repeat a few quantities ("100m", "128Mi") and several rules read each: the parse is kept,
  // but every call still gets a Quantity of its own (a custom rule may compare them by identity).
  if (input.length > MAX_KEPT_TEXT) return parseQuantityText(input.trim());
  const known = parsedQuantities.get(input);
  if (known !== undefined) return known === null ? undefined : new Quantity(known.nanos, known.text);
  const quantity = parseQuantityText(input.trim());
  if (parsedQuantities.size >= MAX_KEPT_QUANTITIES) parsedQuantities.clear();
  parsedQuantities.set(input, quantity ? { nanos: quantity.nanos, text: quantity.text } : null);
  return quantity;
}

/** Quantity texts parsed so far (null: not a quantity); cleared when full, so it stays small. */
const parsedQuantities = new Map<string, { nanos: bigint; text: string } | null>();
const MAX_KEPT_QUANTITIES = 4096;
/** Longer texts (a fuzzed 5 MB `cpu:`) are parsed every time rather than kept. */
const MAX_KEPT_TEXT = 64;

function parseQuantityText(text: string): Quantity | undefined {
  const match = QUANTITY_PATTERN.exec(text);
  if (!match) return undefined;
  const [, sign, digits, suffix, exponentText] = match;
  const [whole = '', fraction = ''] = digits!.split('.');
  let mantissa = BigInt((whole || '0') + fraction);
  let exponent = -fraction.length + NANO_EXPONENT;
  let multiplier = 1n;
  if (suffix && suffix in BINARY_SUFFIXES) multiplier = BINARY_SUFFIXES[suffix]!;
  else if (suffix !== undefined) exponent += DECIMAL_EXPONENTS[suffix]!;
  if (exponentText !== undefined) {
    const e = Number(exponentText);
    if (Math.abs(e) > 100) return undefined;
    exponent += e;
  }
  mantissa *= multiplier;
  // Below nano precision Kubernetes rounds up; so do we.
  const nanos = exponent >= 0 ? mantissa * 10n ** BigInt(exponent) : ceilDiv(mantissa, 10n ** BigInt(-exponent));
  return new Quantity(sign === '-' ? -nanos : nanos, text);
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}
