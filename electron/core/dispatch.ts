import { z } from 'zod';
import {
  isRequestChannel,
  requests,
  type RequestChannel,
  type RequestResult,
  type Requests,
} from '../../shared/contract';

/** What a handler is given besides its validated arguments. */
export interface CallContext {
  /** Which shell and caller asked, for logs and audit ("ipc:1", "ws:127.0.0.1"). */
  caller: string;
}

export type Handlers = {
  [C in RequestChannel]: (
    args: z.output<Requests[C]['args']>,
    context: CallContext,
  ) => RequestResult<C> | Promise<RequestResult<C>>;
};

/** An error the caller can act on; its message crosses the transport as it is. */
export class ContractError extends Error {
  constructor(
    readonly code: 'unknown-channel' | 'bad-arguments' | 'bad-result' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}

export type Dispatch = (channel: unknown, args: unknown, context: CallContext) => Promise<unknown>;

/**
 * Every shell (IPC, WebSocket, tests) calls the core through this one function:
 * unknown channels are refused, arguments are validated before a handler runs,
 * and results are validated before they leave, so a core bug cannot send the
 * renderer a shape it does not expect. `describeError` may say more about a
 * handler's failure (which file a storage error is about).
 */
export function createDispatcher(handlers: Handlers, describeError: (error: unknown) => unknown = (error) => error): Dispatch {
  return async (channel, args, context) => {
    if (!isRequestChannel(channel)) {
      throw new ContractError('unknown-channel', `unknown channel: ${JSON.stringify(channel)}`);
    }
    const spec = requests[channel];
    const parsedArgs = spec.args.safeParse(args ?? {});
    if (!parsedArgs.success) {
      throw new ContractError('bad-arguments', `${channel}: ${z.prettifyError(parsedArgs.error)}`);
    }
    const handler = handlers[channel] as (a: unknown, c: CallContext) => unknown;
    let result: unknown;
    try {
      result = await handler(parsedArgs.data, context);
    } catch (thrown) {
      if (thrown instanceof ContractError) throw thrown;
      const error = describeError(thrown);
      throw new ContractError('failed', `${channel}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsedResult = spec.result.safeParse(result);
    if (!parsedResult.success) {
      throw new ContractError('bad-result', `${channel} answered a bad shape: ${z.prettifyError(parsedResult.error)}`);
    }
    return parsedResult.data;
  };
}

/** The shape errors take on the wire, so both transports report them alike. */
export function errorToWire(error: unknown): { code: string; message: string } {
  if (error instanceof ContractError) return { code: error.code, message: error.message };
  return { code: 'failed', message: error instanceof Error ? error.message : String(error) };
}
