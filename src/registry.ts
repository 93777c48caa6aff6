// One registry per kind (activations, initializers, losses, …): names are matched
// in camelCase or snake_case, and an unknown name lists the known ones.
import { UnknownNameError, quote } from './errors.js';

/** 'leaky_relu', 'leakyRelu' and 'LeakyReLU' all become 'leakyrelu'. */
export function normalizeName(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

export class Registry<T> {
  private readonly items = new Map<string, T>();
  private readonly names: string[] = [];

  constructor(readonly kind: string) {}

  register(name: string, item: T): void {
    this.items.set(normalizeName(name), item);
    this.names.push(name);
  }

  /** The item named `name`; `what` says where the name came from in the error. */
  get(name: string, what: string): T {
    const item = typeof name === 'string' ? this.items.get(normalizeName(name)) : undefined;
    if (item === undefined) {
      throw new UnknownNameError(`${what}: unknown ${this.kind} ${quote(name)}; known: ${this.names.join(', ')}`);
    }
    return item;
  }

  known(): readonly string[] {
    return this.names;
  }
}
