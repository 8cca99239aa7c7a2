import { Type, type Static } from '@fastify/type-provider-typebox';

const line = (max: number) => Type.String({ minLength: 1, maxLength: max });
const optionalLine = (max: number) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));

/** A postal address; `country` is ISO 3166-1 alpha-2 (checked against the list, not only the shape). */
export const AddressSchema = Type.Object(
  {
    name: optionalLine(200),
    company: optionalLine(200),
    line1: line(300),
    line2: optionalLine(300),
    city: line(200),
    region: optionalLine(100),
    postal_code: optionalLine(20),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    phone: optionalLine(50),
  },
  { additionalProperties: false },
);

export type Address = Static<typeof AddressSchema>;
