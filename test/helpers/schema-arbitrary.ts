import fc from "fast-check";

/** The part of a JSON schema (as the OpenAPI document writes it) that request values are made from. */
export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

const short = (max: number | undefined, cap: number) => Math.min(max ?? cap, cap);

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  const fits = (s: string) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity);
  switch (schema.format) {
    case "uuid":
      return fc.uuid();
    case "email":
      // Plain addresses: the generic generator's exotic ones are refused by stricter validators.
      return fc
        .tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.stringMatching(/^[a-z]{1,10}$/))
        .map(([local, domain]) => `${local}@${domain}.example`);
    case "date-time":
      return fc
        .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
        .map((d) => d.toISOString());
    case "uri":
      return fc.webUrl().filter(fits);
  }
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  return fc.string({
    minLength: schema.minLength ?? 0,
    maxLength: Math.max(schema.minLength ?? 0, short(schema.maxLength, 40)),
    unit: "grapheme",
  });
}

/** How values are made: shared schemas by name, and a real id for a property that names one (channelId). */
export interface Making {
  shared?: Record<string, JsonSchema>;
  idFor?: (property: string) => string | undefined;
  /** Every property present, optional ones too (to mutate each of them). */
  allKeys?: boolean;
}

/** A property's values: mostly a real id where it names one, so requests get past their lookups. */
function propertyOf(name: string, schema: JsonSchema, making: Making): fc.Arbitrary<unknown> {
  const id = making.idFor?.(name);
  const made = arbitraryOf(schema, making);
  if (!id) return made;
  if (schema.format === "uuid")
    return fc.oneof({ weight: 4, arbitrary: fc.constant(id) }, { weight: 1, arbitrary: made });
  if (schema.type === "array")
    return fc.oneof({ weight: 4, arbitrary: fc.constant([id]) }, { weight: 1, arbitrary: made });
  return made;
}

/** Values that a schema accepts (most of the time: formats are approximated), within small sizes. */
export function arbitraryOf(schema: JsonSchema, making: Making = {}): fc.Arbitrary<unknown> {
  const shared = making.shared ?? {};
  if (schema.$ref) return arbitraryOf(shared[schema.$ref.split("/").at(-1) ?? ""] ?? {}, making);
  const base = ((): fc.Arbitrary<unknown> => {
    if (schema.enum) return fc.constantFrom(...schema.enum);
    if (schema.const !== undefined) return fc.constant(schema.const);
    const choices = schema.anyOf ?? schema.oneOf;
    if (choices) return fc.oneof(...choices.map((s) => arbitraryOf(s, making)));
    if (schema.allOf?.length === 1 && schema.allOf[0]) return arbitraryOf(schema.allOf[0], making);
    switch (schema.type) {
      case "string":
        return stringOf(schema);
      case "integer":
        return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
      case "number": {
        const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? 0.001 : -1_000_000);
        return fc.double({ min, max: schema.maximum ?? 1_000_000, noNaN: true, noDefaultInfinity: true });
      }
      case "boolean":
        return fc.boolean();
      case "array":
        return fc.array(arbitraryOf(schema.items ?? {}, making), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.max(schema.minItems ?? 0, short(schema.maxItems, 3)),
        });
      case "object": {
        const properties = Object.fromEntries(
          Object.entries(schema.properties ?? {}).map(([name, inner]) => [name, propertyOf(name, inner, making)]),
        );
        const required = making.allKeys ? Object.keys(properties) : (schema.required ?? []);
        return fc.record(properties, { requiredKeys: required.filter((k) => k in properties) });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return schema.nullable ? fc.oneof(fc.constant(null), base) : base;
}

/** Where a value has parts: the key paths of every property and element, the value itself first. */
export function partsOf(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const inner =
    value !== null && typeof value === "object"
      ? Object.entries(value).flatMap(([key, v]) => partsOf(v, [...path, Array.isArray(value) ? Number(key) : key]))
      : [];
  return [path, ...inner];
}

/** A copy of value with the part at path replaced (the whole value for the empty path). */
export function replaced(value: unknown, path: (string | number)[], by: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return by;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[key] = replaced(copy[key], rest, by);
  return copy;
}
