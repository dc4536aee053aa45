/**
 * The envelope of every CityGrid domain event: CloudEvents 1.0, structured JSON mode.
 * Other city systems consume these from NATS JetStream; the shape is a public contract.
 */
export interface CityGridCloudEvent<TData = unknown> {
  /** Always `1.0`. */
  specversion: '1.0';
  /** Event id (UUID v4). Also the JetStream `Nats-Msg-Id`, so redeliveries can be recognised. */
  id: string;
  /** The emitting service, `/citygrid/<service>`, e.g. `/citygrid/grid-registry`. */
  source: string;
  /** Versioned event type, `citygrid.<aggregate>.<event>.v<N>`, e.g. `citygrid.grid.created.v1`. */
  type: string;
  /** Id of the aggregate the event is about (e.g. the grid node id). */
  subject: string;
  /** When the state change happened, UTC ISO-8601. */
  time: string;
  /** Always `application/json`. */
  datacontenttype: 'application/json';
  /** URI of the JSON schema of `data` in the AsyncAPI document. */
  dataschema?: string;
  /**
   * Correlation id of the request that caused the event (CloudEvents extension attribute).
   * It is the `X-Request-Id` of the originating HTTP request, carried through NATS headers.
   */
  correlationid?: string;
  /** The event payload; its type is fixed by `type`. */
  data: TData;
}

/** Describes one event type in the catalogue. */
export interface EventDefinition<TData = unknown> {
  /** Versioned CloudEvents `type`, e.g. `citygrid.grid.created.v1`. */
  type: string;
  /** Event subject on NATS (without deployment prefix), e.g. `citygrid.grid-registry.grid.created`. */
  subject: string;
  /** Emitting service name, e.g. `grid-registry`. */
  service: string;
  /** Aggregate name, e.g. `grid`. */
  aggregate: string;
  /** Contract version; a breaking change gets a new version and a new type. */
  version: number;
  /** What happened, for the AsyncAPI document. */
  summary: string;
  /** JSON Schema (draft-07) of `data`, for the AsyncAPI document. */
  schema: JsonSchema;
  /** Phantom field carrying the payload type; never set at run time. */
  readonly __data?: TData;
}

/** A JSON Schema fragment (draft-07 subset used by the catalogue). */
export interface JsonSchema {
  type?: 'object' | 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'null' | Array<'object' | 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'null'>;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: Array<string | number | boolean | null>;
  format?: string;
  minimum?: number;
  maximum?: number;
  additionalProperties?: boolean | JsonSchema;
  oneOf?: JsonSchema[];
  $ref?: string;
}

/** Build an event definition with subject and type derived from the naming rules. */
export function defineEvent<TData>(def: { service: string; aggregate: string; event: string; version: number; summary: string; schema: JsonSchema }): EventDefinition<TData> {
  return {
    type: `citygrid.${def.aggregate}.${def.event}.v${def.version}`,
    subject: `citygrid.${def.service}.${def.aggregate}.${def.event}`,
    service: def.service,
    aggregate: def.aggregate,
    version: def.version,
    summary: def.summary,
    schema: def.schema,
  };
}

/** The payload type of an event definition. */
export type EventData<D> = D extends EventDefinition<infer T> ? T : never;
