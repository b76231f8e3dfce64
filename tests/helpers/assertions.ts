/**
 * Assertions on the errors the services throw: an AppError (a GraphQLError) whose
 * `extensions.code` is the expected code, with the expected extension fields.
 */
import assert from 'node:assert/strict';
import { GraphQLError } from 'graphql';

/** A class an error may be asserted to be an instance of (AppError, GraphQLError, ...). */
export type ErrorClass<E> = abstract new (...args: any[]) => E;

export interface CodeOptions<E> {
  /**
   * The class the error must be an instance of: GraphQLError unless told (AppError extends it).
   * `null`: anything thrown whose `extensions.code` matches (no class check).
   */
  type?: ErrorClass<E> | null;
  /** A pattern the error's message must match. */
  message?: RegExp;
}

function checkCode(e: unknown, code: string, extensions: Record<string, unknown>, options: CodeOptions<unknown>): void {
  const type = options.type === undefined ? GraphQLError : options.type;
  if (type) assert.ok(e instanceof type, `expected a ${type.name} ${code}, got ${String(e)}`);
  const err = e as { message?: string; extensions?: Record<string, unknown> };
  assert.equal(err.extensions?.code, code, `${err.message}`);
  for (const [k, v] of Object.entries(extensions)) assert.deepEqual(err.extensions?.[k], v, `extensions.${k}`);
  if (options.message) assert.match(String(err.message), options.message);
}

/**
 * The predicate form, for `assert.throws(fn, hasCode(...))` and `assert.rejects(p, hasCode(...))`:
 * a GraphQLError with `extensions.code === code`, each of `extensions` deep-equal, and the message
 * matching `message` when given.
 */
export function hasCode(code: string, extensions: Record<string, unknown> = {}, message?: RegExp): (e: unknown) => true {
  return (e: unknown): true => {
    checkCode(e, code, extensions, { message });
    return true;
  };
}

/**
 * Awaits `fnOrPromise` (or calls it and awaits what it returns), asserts that it throws or rejects
 * with an error as `hasCode` describes (an instance of `options.type`, GraphQLError by default),
 * and returns that error. Fails when nothing is thrown.
 */
export async function expectCode<E = GraphQLError>(
  fnOrPromise: (() => unknown) | PromiseLike<unknown>,
  code: string,
  extensions: Record<string, unknown> = {},
  options: CodeOptions<E> = {},
): Promise<E> {
  let threw = false;
  let caught: unknown;
  try {
    await (typeof fnOrPromise === 'function' ? fnOrPromise() : fnOrPromise);
  } catch (e) {
    threw = true;
    caught = e;
  }
  assert.ok(threw, `expected an error ${code}, but nothing was thrown`);
  checkCode(caught, code, extensions, options);
  return caught as E;
}
