/**
 * Loads a module that polyfills JavaScript's built-ins, keeping what it adds and putting back what it replaced.
 *
 * pdf.js's Node build bundles core-js, which on Node 20 replaces `JSON.stringify`, `JSON.parse`,
 * `Array.prototype.push` and `Function.prototype.toString` with spec-complete JavaScript versions — for the whole
 * process, from the first deck rendered on. Every page then serialised its loader data and wrote its markup through
 * them (about 15 % of a signed-in page's server CPU in the page bench, ADR 0907). pdf.js needs what core-js *adds* on
 * Node 20 (`Promise.withResolvers`, `Uint8Array.prototype.toHex`, `Map.prototype.getOrInsert`, …), not the
 * replacements of methods Node already has, so those are restored once the module has loaded.
 */
export async function loadKeepingBuiltIns<T>(load: () => Promise<T>): Promise<T> {
  const before = snapshotBuiltIns();
  try {
    return await load();
  } finally {
    restoreReplaced(before);
  }
}

type Snapshot = Map<object, Map<PropertyKey, PropertyDescriptor>>;

/** Every own property of the global object, of each object or function it holds, and of each such function's prototype. */
function snapshotBuiltIns(): Snapshot {
  const snapshot: Snapshot = new Map();
  const record = (target: object) => {
    if (snapshot.has(target)) return;
    const properties = new Map<PropertyKey, PropertyDescriptor>();
    for (const key of Reflect.ownKeys(target)) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (descriptor) properties.set(key, descriptor);
    }
    snapshot.set(target, properties);
  };
  record(globalThis);
  for (const descriptor of snapshot.get(globalThis)!.values()) {
    const value = descriptor.value as unknown;
    if ((typeof value === "object" && value !== null) || typeof value === "function") {
      record(value);
      const prototype = typeof value === "function" ? (value as { prototype?: unknown }).prototype : undefined;
      // Function.prototype is itself a function.
      if ((typeof prototype === "object" && prototype !== null) || typeof prototype === "function") record(prototype);
    }
  }
  return snapshot;
}

const sameDescriptor = (a: PropertyDescriptor, b: PropertyDescriptor) => Object.is(a.value, b.value) && a.get === b.get && a.set === b.set;

function restoreReplaced(snapshot: Snapshot): void {
  for (const [target, properties] of snapshot) {
    for (const [key, original] of properties) {
      const now = Object.getOwnPropertyDescriptor(target, key);
      if (!now || sameDescriptor(now, original)) continue;
      try {
        Object.defineProperty(target, key, original);
      } catch {
        // A property the module made non-configurable cannot be put back; it keeps the module's version.
      }
    }
  }
}
