import type {
  ClassProvider,
  FactoryProvider,
  InjectionToken,
  RegistrationOptions,
  TokenProvider,
  ValueProvider,
} from 'tsyringe';
import { inject as tsyringeInject } from 'tsyringe';
import type { Token } from './token.js';

export { type Token, token } from './token.js';

type AnyClass = abstract new (
  // biome-ignore lint/suspicious/noExplicitAny: any constructor, whatever it takes.
  ...args: any
) => unknown;

/** Fails to compile, naming both types, when the token's type is not what the parameter takes. */
type Matches<T, C extends AnyClass, I extends number> = [T] extends [ConstructorParameters<C>[I]]
  ? unknown
  : { 'the injected type does not fit the parameter': T; parameter: ConstructorParameters<C>[I] };

/**
 * A constructor-parameter decorator that checks the parameter against the token. TypeScript passes
 * a parameter decorator the class and the parameter's position (a literal type), so the check reads
 * the constructor's declared parameter at that position.
 */
export type CheckedParameterDecorator<T> = <C extends AnyClass, I extends number>(
  target: C & Matches<T, C, I>,
  propertyKey: undefined,
  parameterIndex: I,
) => void;

/** What the unchecked form returns: a plain symbol or string token carries no type. */
export type ParameterDecorator = (
  target: object,
  propertyKey: string | symbol | undefined,
  parameterIndex: number,
) => void;

export interface InjectOptions {
  /** Resolve to undefined instead of failing when nothing is registered under the token. */
  isOptional?: boolean;
}

/**
 * tsyringe's `@inject`, typed: with a `Token<T>` or a class, the decorated constructor parameter must
 * accept `T`, or the class does not compile (`@inject(LOGGER) logger: number` is an error).
 */
export function inject<T>(
  token:
    | Token<T>
    | (abstract new (
        // biome-ignore lint/suspicious/noExplicitAny: a class token, whatever its constructor takes.
        ...args: any
      ) => T),
  options?: InjectOptions,
): CheckedParameterDecorator<T>;
/** An untyped token (a plain symbol or string): not checked. Prefer `token<T>()`. */
export function inject(token: symbol | string, options?: InjectOptions): ParameterDecorator;
export function inject(token: unknown, options?: InjectOptions): ParameterDecorator {
  return tsyringeInject(token as InjectionToken, options);
}

/**
 * `resolve` and `register` of a typed token, typed: `container.resolve(LOGGER)` is a `Logger`, and
 * `register(LOGGER, ...)` expects a Logger provider. (tsyringe's own signatures still accept any
 * symbol; an explicit `resolve<X>(TOKEN)` with the wrong X is not caught, so leave the type out.)
 */
declare module 'tsyringe/dist/typings/types/dependency-container.js' {
  export default interface DependencyContainer {
    resolve<T>(token: Token<T>): T;
    register<T>(
      token: Token<T>,
      provider: ValueProvider<T> | FactoryProvider<T> | ClassProvider<T> | TokenProvider<T>,
      options?: RegistrationOptions,
    ): DependencyContainer;
  }
}
