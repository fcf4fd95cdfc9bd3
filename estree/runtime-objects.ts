import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import type * as ts from "typescript";
import {
  asMethodCall,
  enclosingClassOfThis,
  findProperty,
  hasSpread,
  isFunctionNode,
  keyName,
  memberName,
  propertyName,
  staticString,
  thisMemberName,
  unwrapAwait,
  unwrapExpression,
  walk,
  type FunctionNode,
} from "./node-queries.js";
import { getPgdbmSettings } from "./settings.js";

export const RUNTIME_CLASSES = [
  "AsyncDatabaseManager",
  "AsyncMigrationManager",
  "AsyncTestDatabase",
  "DatabaseConfig",
  "SharedPool",
  "TransactionManager",
] as const;

export type RuntimeClass = (typeof RUNTIME_CLASSES)[number];

/** Whether a manager opened its own pool (`new AsyncDatabaseManager(config)`) or borrows a shared one (`{ pool }`). */
export type PoolOwnership = "owns" | "borrows" | "unknown";

/** What the file shows about one runtime object an expression evaluates to. */
export interface RuntimeValue {
  readonly runtimeClass: RuntimeClass;
  /** The `new …` / `createSharedPool(…)` calls in this file the value may come from. */
  readonly creations: readonly (TSESTree.NewExpression | TSESTree.CallExpression)[];
  readonly ownership: PoolOwnership;
  /** `creations` are all the values it can have: nothing else (a parameter, an unknown call) flows in. */
  readonly exhaustive: boolean;
}

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

interface TypeServices {
  program: ts.Program;
  esTreeNodeToTSNodeMap: { get(node: TSESTree.Node): ts.Node | undefined };
}

const MAX_DEPTH = 40;
/** Resolution steps one question may take; real code needs tens. */
const STEP_BUDGET = 5_000;

function isRuntimeClassName(name: string | undefined): name is RuntimeClass {
  return name !== undefined && (RUNTIME_CLASSES as readonly string[]).includes(name);
}

function isNullish(node: TSESTree.Node): boolean {
  const inner = unwrapExpression(node);
  return (
    (inner.type === AST_NODE_TYPES.Literal && inner.value === null && !("regex" in inner)) ||
    (inner.type === AST_NODE_TYPES.Identifier && inner.name === "undefined") ||
    (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === "void")
  );
}

function merge(parts: readonly (RuntimeValue | undefined)[]): RuntimeValue | undefined {
  const known = parts.filter((part): part is RuntimeValue => part !== undefined);
  const first = known[0];
  if (!first) return undefined;
  if (known.some((part) => part.runtimeClass !== first.runtimeClass)) return undefined;
  const sameOwnership = known.length === parts.length && known.every((part) => part.ownership === first.ownership);
  return {
    runtimeClass: first.runtimeClass,
    creations: known.flatMap((part) => part.creations),
    ownership: sameOwnership ? first.ownership : "unknown",
    exhaustive: known.length === parts.length && known.every((part) => part.exhaustive),
  };
}

/** The statements a function returns (expression bodies included), not those of nested functions. */
function returnedExpressions(fn: FunctionNode): TSESTree.Expression[] {
  if (fn.body?.type !== AST_NODE_TYPES.BlockStatement) return fn.body ? [fn.body] : [];
  const found: TSESTree.Expression[] = [];
  walk(fn.body, (node) => {
    if (isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassBody) return false;
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) found.push(node.argument);
    return undefined;
  });
  return found;
}

/**
 * Knows which values in one file are objects of the pgdbm runtime: what is imported from
 * `settings.pgdbm.runtimeModules` (named, renamed, namespace, `require`, `import()`), what the
 * runtime's constructors and `createSharedPool` make, and where those results flow inside the file
 * (variables, `this.x` fields, object properties, returned values, parameters typed with the
 * runtime's classes). With typescript-eslint type information it asks the checker too. It answers
 * `undefined` whenever the file does not show enough to be sure.
 */
export class RuntimeObjects {
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;
  readonly #modules: ReadonlySet<string>;
  readonly #types: TypeServices | undefined;
  readonly #values = new Map<TSESTree.Node, RuntimeValue | undefined>();
  readonly #variableClasses = new Map<TSESLint.Scope.Variable, RuntimeClass | undefined>();
  readonly #fieldWrites = new Map<ClassNode, Map<string, TSESTree.Expression[]>>();
  #importsRuntime: boolean | undefined;
  #steps = 0;
  #runtimeFolders: Set<string> | undefined;

  constructor(context: Context) {
    this.#sourceCode = context.sourceCode;
    this.#modules = new Set(getPgdbmSettings(context).runtimeModules);
    const services = context.sourceCode.parserServices as Partial<TypeServices> | undefined;
    this.#types =
      services?.program && services.esTreeNodeToTSNodeMap
        ? { program: services.program, esTreeNodeToTSNodeMap: services.esTreeNodeToTSNodeMap }
        : undefined;
  }

  /** `settings.pgdbm.runtimeModules`, in the order given. */
  get runtimeModulesList(): readonly string[] {
    return [...this.#modules];
  }

  isRuntimeModule(specifier: string | undefined): boolean {
    return specifier !== undefined && this.#modules.has(specifier);
  }

  /** The file imports or requires one of the runtime modules somewhere. */
  get importsRuntime(): boolean {
    if (this.#importsRuntime === undefined) {
      let found = false;
      walk(this.#sourceCode.ast, (node) => {
        if (found) return false;
        if (node.type === AST_NODE_TYPES.ImportDeclaration) found = this.isRuntimeModule(node.source.value);
        else if (this.#isRuntimeModuleLoad(node)) found = true;
        return undefined;
      });
      this.#importsRuntime = found;
    }
    return this.#importsRuntime;
  }

  /** The runtime class a callee or type name refers to: `AsyncDatabaseManager`, `Db` (renamed), `pgdbm.AsyncDatabaseManager`. */
  classOf(node: TSESTree.Node): RuntimeClass | undefined {
    return this.#classOf(node, 0);
  }

  /** What the file shows about the runtime object `node` evaluates to (also through `await`). */
  valueOf(node: TSESTree.Node): RuntimeValue | undefined {
    if (this.#values.has(node)) return this.#values.get(node);
    const value = this.#bounded(() => this.#resolve(node, new Set(), 0), undefined);
    this.#values.set(node, value);
    return value;
  }

  /**
   * Runs one question within a step budget: code built to branch at every step (`v2 = v1 || v1`,
   * …) would otherwise take exponential time. Out of budget, or on a tree this code did not
   * foresee, being unsure is the answer, not a crash.
   */
  #bounded<T>(question: () => T, unsure: T): T {
    if (this.#steps > 0) return question();
    this.#steps = STEP_BUDGET;
    try {
      return question();
    } catch {
      return unsure;
    } finally {
      this.#steps = 0;
    }
  }

  #step(): void {
    this.#steps -= 1;
    if (this.#steps <= 0) throw new RangeError("runtime-object analysis out of budget");
  }

  /** A convenience: `valueOf(node)` when it is an object of `runtimeClass`. */
  valueOfClass(node: TSESTree.Node, runtimeClass: RuntimeClass): RuntimeValue | undefined {
    const value = this.valueOf(node);
    return value?.runtimeClass === runtimeClass ? value : undefined;
  }

  /**
   * What the checker says: `true` it is the runtime's `runtimeClass`, `false` it is something else,
   * `undefined` no type information or a type that says nothing (`any`, `unknown`).
   */
  typeIs(node: TSESTree.Node, runtimeClass: RuntimeClass): boolean | undefined {
    const type = this.#typeAt(node);
    if (!type) return undefined;
    const checker = this.#types?.program.getTypeChecker();
    const text = checker?.typeToString(type);
    if (text === "any" || text === "unknown" || text === "error") return undefined;
    return this.#classOfTsType(type) === runtimeClass;
  }

  /** `new AsyncDatabaseManager(arg)`: does `arg` give the manager its own pool or a shared one? */
  ownershipOfConstructorArgument(argument: TSESTree.Node | undefined): PoolOwnership {
    return this.#bounded(() => this.#ownership(argument, new Set(), 0), "unknown");
  }

  /**
   * The `schema` option of every manager a value can be: its expression, or `null` for a manager
   * made without one. `undefined` when the file does not show every manager it can be.
   */
  schemaOptionsOf(node: TSESTree.Node): (TSESTree.Node | null)[] | undefined {
    const value = this.valueOfClass(node, "AsyncDatabaseManager");
    if (!value?.exhaustive || value.creations.length === 0) return undefined;
    const schemas: (TSESTree.Node | null)[] = [];
    for (const creation of value.creations) {
      const argument = creation.type === AST_NODE_TYPES.NewExpression ? creation.arguments[0] : undefined;
      if (!argument) return undefined;
      let options = this.objectLiteralOf(argument);
      if (!options) {
        const config = this.valueOfClass(argument, "DatabaseConfig");
        const made = config?.exhaustive && config.creations.length === 1 ? config.creations[0] : undefined;
        const configArgument = made?.type === AST_NODE_TYPES.NewExpression ? made.arguments[0] : undefined;
        options = configArgument ? this.objectLiteralOf(configArgument) : undefined;
      }
      if (!options) return undefined;
      const schema = findProperty(options, "schema");
      if (!schema && hasSpread(options)) return undefined;
      schemas.push(schema ? schema.value : null);
    }
    return schemas;
  }

  /** `x` is a binding of `const x = { … }` (or a field or property holding one): that literal. */
  objectLiteralOf(node: TSESTree.Node): TSESTree.ObjectExpression | undefined {
    return this.#bounded(() => this.#objectLiteralOf(node, new Set(), 0), undefined);
  }

  /** The variables a declaration makes, as the scope manager sees them from outside (a class's outer binding, not its inner one). */
  declaredVariables(node: TSESTree.Node): readonly TSESLint.Scope.Variable[] {
    try {
      return this.#sourceCode.getDeclaredVariables(node);
    } catch {
      return [];
    }
  }

  variableOf(identifier: TSESTree.Identifier): TSESLint.Scope.Variable | undefined {
    try {
      return ASTUtils.findVariable(this.#sourceCode.getScope(identifier), identifier) ?? undefined;
    } catch {
      return undefined;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // classes

  #classOf(node: TSESTree.Node, depth: number): RuntimeClass | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const inner = unwrapExpression(node);
    if (inner.type === AST_NODE_TYPES.Identifier) {
      const variable = this.variableOf(inner);
      return variable ? this.#classOfVariable(variable, depth + 1) : undefined;
    }
    if (inner.type === AST_NODE_TYPES.MemberExpression) {
      const name = memberName(inner);
      return isRuntimeClassName(name) && this.#isNamespace(inner.object, depth + 1) ? name : undefined;
    }
    if (inner.type === AST_NODE_TYPES.TSQualifiedName) {
      const name = inner.right.name;
      return isRuntimeClassName(name) && this.#isNamespace(inner.left, depth + 1) ? name : undefined;
    }
    return undefined;
  }

  #classOfVariable(variable: TSESLint.Scope.Variable, depth: number): RuntimeClass | undefined {
    if (this.#variableClasses.has(variable)) return this.#variableClasses.get(variable);
    this.#variableClasses.set(variable, undefined);
    let found: RuntimeClass | undefined;
    for (const definition of variable.defs) {
      found = this.#classOfDefinition(definition, depth);
      if (found) break;
    }
    this.#variableClasses.set(variable, found);
    return found;
  }

  #classOfDefinition(definition: TSESLint.Scope.Definition, depth: number): RuntimeClass | undefined {
    const node = definition.node;
    if (node.type === AST_NODE_TYPES.ImportSpecifier) {
      const declaration = node.parent;
      if (declaration.type !== AST_NODE_TYPES.ImportDeclaration || !this.isRuntimeModule(declaration.source.value)) {
        return undefined;
      }
      const imported = node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : String(node.imported.value);
      return isRuntimeClassName(imported) ? imported : undefined;
    }
    if (node.type === AST_NODE_TYPES.VariableDeclarator && node.init) {
      if (node.id.type === AST_NODE_TYPES.Identifier) {
        const init = unwrapAwait(node.init);
        // `const Db = require("…/runtime").AsyncDatabaseManager` and `const Db = AsyncDatabaseManager`
        return this.#classOf(init, depth + 1);
      }
      if (node.id.type === AST_NODE_TYPES.ObjectPattern && this.#isRuntimeModuleLoad(node.init)) {
        for (const property of node.id.properties) {
          if (property.type !== AST_NODE_TYPES.Property) continue;
          const target = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
          if (target === definition.name) {
            const imported = keyName(property.key, property.computed);
            return isRuntimeClassName(imported) ? imported : undefined;
          }
        }
      }
    }
    return undefined;
  }

  /** `require("…/runtime")` or `import("…/runtime")`, also awaited. */
  #isRuntimeModuleLoad(node: TSESTree.Node): boolean {
    const inner = unwrapAwait(node);
    if (inner.type === AST_NODE_TYPES.ImportExpression) return this.isRuntimeModule(staticString(inner.source));
    return (
      inner.type === AST_NODE_TYPES.CallExpression &&
      inner.callee.type === AST_NODE_TYPES.Identifier &&
      inner.callee.name === "require" &&
      this.isRuntimeModule(staticString(inner.arguments[0]))
    );
  }

  #isNamespace(node: TSESTree.Node, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const inner = unwrapExpression(node);
    if (this.#isRuntimeModuleLoad(inner)) return true;
    if (inner.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.variableOf(inner);
    if (!variable) return false;
    return variable.defs.some((definition) => {
      const defNode = definition.node;
      if (defNode.type === AST_NODE_TYPES.ImportNamespaceSpecifier || defNode.type === AST_NODE_TYPES.ImportDefaultSpecifier) {
        const declaration = defNode.parent;
        return declaration.type === AST_NODE_TYPES.ImportDeclaration && this.isRuntimeModule(declaration.source.value);
      }
      if (defNode.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
        const reference = defNode.moduleReference;
        return (
          reference.type === AST_NODE_TYPES.TSExternalModuleReference && this.isRuntimeModule(staticString(reference.expression))
        );
      }
      return (
        defNode.type === AST_NODE_TYPES.VariableDeclarator &&
        defNode.id === definition.name &&
        defNode.init !== null &&
        this.#isNamespace(defNode.init, depth + 1)
      );
    });
  }

  #classOfType(node: TSESTree.Node | undefined, depth: number): RuntimeClass | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    switch (node.type) {
      case AST_NODE_TYPES.TSTypeAnnotation:
        return this.#classOfType(node.typeAnnotation, depth + 1);
      case AST_NODE_TYPES.TSTypeReference: {
        const direct = this.#classOf(node.typeName, depth + 1);
        if (direct) return direct;
        const alias = this.#localTypeDeclaration(node.typeName);
        return alias?.type === AST_NODE_TYPES.TSTypeAliasDeclaration
          ? this.#classOfType(alias.typeAnnotation, depth + 1)
          : undefined;
      }
      case AST_NODE_TYPES.TSUnionType: {
        const meaningful = node.types.filter(
          (member) =>
            member.type !== AST_NODE_TYPES.TSUndefinedKeyword &&
            member.type !== AST_NODE_TYPES.TSNullKeyword &&
            member.type !== AST_NODE_TYPES.TSVoidKeyword,
        );
        const classes = new Set(meaningful.map((member) => this.#classOfType(member, depth + 1)));
        const [only] = classes;
        return classes.size === 1 ? only : undefined;
      }
      default:
        return undefined;
    }
  }

  #localTypeDeclaration(
    name: TSESTree.EntityName,
  ): TSESTree.TSTypeAliasDeclaration | TSESTree.TSInterfaceDeclaration | undefined {
    if (name.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = this.variableOf(name);
    for (const definition of variable?.defs ?? []) {
      if (
        definition.node.type === AST_NODE_TYPES.TSTypeAliasDeclaration ||
        definition.node.type === AST_NODE_TYPES.TSInterfaceDeclaration
      ) {
        return definition.node;
      }
    }
    return undefined;
  }

  /** The annotation of member `name` in an object type: a type literal, a local interface or alias of one. */
  #memberType(node: TSESTree.Node | undefined, name: string, depth: number): TSESTree.TypeNode | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    let members: readonly TSESTree.TypeElement[] | undefined;
    if (node.type === AST_NODE_TYPES.TSTypeAnnotation) return this.#memberType(node.typeAnnotation, name, depth + 1);
    if (node.type === AST_NODE_TYPES.TSTypeLiteral) members = node.members;
    if (node.type === AST_NODE_TYPES.TSTypeReference) {
      const declaration = this.#localTypeDeclaration(node.typeName);
      if (declaration?.type === AST_NODE_TYPES.TSInterfaceDeclaration) members = declaration.body.body;
      if (declaration?.type === AST_NODE_TYPES.TSTypeAliasDeclaration) {
        return this.#memberType(declaration.typeAnnotation, name, depth + 1);
      }
    }
    for (const member of members ?? []) {
      if (member.type === AST_NODE_TYPES.TSPropertySignature && keyName(member.key, member.computed) === name) {
        return member.typeAnnotation?.typeAnnotation;
      }
    }
    return undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // values

  /** A value known only by its declared (or checked) type: a parameter, an annotated binding. */
  #declaredOnly(runtimeClass: RuntimeClass | undefined): RuntimeValue | undefined {
    return runtimeClass ? { runtimeClass, creations: [], ownership: "unknown", exhaustive: false } : undefined;
  }

  #resolve(node: TSESTree.Node, seen: Set<unknown>, depth: number): RuntimeValue | undefined {
    const syntactic = this.#resolveSyntax(node, seen, depth);
    if (syntactic || !this.#types) return syntactic;
    return this.#declaredOnly(this.#classOfTsType(this.#typeAt(unwrapAwait(node))));
  }

  #resolveSyntax(node: TSESTree.Node, seen: Set<unknown>, depth: number): RuntimeValue | undefined {
    this.#step();
    if (depth > MAX_DEPTH) return undefined;
    const inner = unwrapAwait(node);
    if (seen.has(inner)) return undefined;
    seen.add(inner);
    try {
      return this.#resolveNode(inner, seen, depth + 1);
    } finally {
      seen.delete(inner);
    }
  }

  #resolveAll(nodes: readonly TSESTree.Node[], seen: Set<unknown>, depth: number): RuntimeValue | undefined {
    return merge(nodes.filter((node) => !isNullish(node)).map((node) => this.#resolveSyntax(node, seen, depth)));
  }

  #resolveNode(node: TSESTree.Node, seen: Set<unknown>, depth: number): RuntimeValue | undefined {
    switch (node.type) {
      case AST_NODE_TYPES.NewExpression: {
        const runtimeClass = this.#classOf(node.callee, depth);
        if (!runtimeClass) return undefined;
        return {
          runtimeClass,
          creations: [node],
          ownership: runtimeClass === "AsyncDatabaseManager" ? this.#ownership(node.arguments[0], seen, depth) : "unknown",
          exhaustive: true,
        };
      }
      case AST_NODE_TYPES.CallExpression:
        return this.#resolveCall(node, seen, depth);
      case AST_NODE_TYPES.Identifier: {
        const variable = this.variableOf(node);
        return variable ? this.#resolveVariable(variable, seen, depth) : undefined;
      }
      case AST_NODE_TYPES.MemberExpression:
        return this.#resolveMember(node, seen, depth);
      case AST_NODE_TYPES.LogicalExpression:
        return node.operator === "&&"
          ? this.#resolveSyntax(node.right, seen, depth)
          : this.#resolveAll([node.left, node.right], seen, depth);
      case AST_NODE_TYPES.ConditionalExpression:
        return this.#resolveAll([node.consequent, node.alternate], seen, depth);
      case AST_NODE_TYPES.AssignmentExpression:
        return this.#resolveSyntax(node.right, seen, depth);
      case AST_NODE_TYPES.SequenceExpression: {
        const last = node.expressions.at(-1);
        return last ? this.#resolveSyntax(last, seen, depth) : undefined;
      }
      default:
        return undefined;
    }
  }

  #resolveCall(node: TSESTree.CallExpression, seen: Set<unknown>, depth: number): RuntimeValue | undefined {
    const call = asMethodCall(node);
    if (call?.method === "createSharedPool" && this.#classOf(call.receiver, depth) === "AsyncDatabaseManager") {
      return { runtimeClass: "SharedPool", creations: [node], ownership: "unknown", exhaustive: true };
    }
    if (call?.method === "getTestDbManager" && this.#resolveSyntax(call.receiver, seen, depth)?.runtimeClass === "AsyncTestDatabase") {
      return { runtimeClass: "AsyncDatabaseManager", creations: [], ownership: "unknown", exhaustive: false };
    }
    const fn = this.#calledFunction(node);
    if (!fn || seen.has(fn)) return undefined;
    seen.add(fn);
    try {
      return this.#resolveAll(returnedExpressions(fn), seen, depth);
    } finally {
      seen.delete(fn);
    }
  }

  /** The local function a call runs: `make()` for a function in this file, `this.make()` for a method of the class. */
  #calledFunction(node: TSESTree.CallExpression): FunctionNode | undefined {
    const callee = unwrapExpression(node.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) return this.functionOf(callee);
    const method = thisMemberName(callee);
    if (method === undefined) return undefined;
    const classNode = enclosingClassOfThis(callee);
    for (const element of classNode?.body.body ?? []) {
      if (
        element.type === AST_NODE_TYPES.MethodDefinition &&
        propertyName(element) === method &&
        element.value.type === AST_NODE_TYPES.FunctionExpression
      ) {
        return element.value;
      }
      if (
        element.type === AST_NODE_TYPES.PropertyDefinition &&
        propertyName(element) === method &&
        element.value &&
        isFunctionNode(element.value)
      ) {
        return element.value;
      }
    }
    return undefined;
  }

  /** The function an identifier names: a function declaration or `const f = () => …`. */
  functionOf(identifier: TSESTree.Identifier): FunctionNode | undefined {
    const variable = this.variableOf(identifier);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!definition) return undefined;
    if (definition.node.type === AST_NODE_TYPES.FunctionDeclaration) return definition.node;
    if (
      definition.node.type === AST_NODE_TYPES.VariableDeclarator &&
      definition.node.parent.kind === "const" &&
      definition.node.init &&
      isFunctionNode(definition.node.init)
    ) {
      return definition.node.init;
    }
    return undefined;
  }

  #resolveVariable(variable: TSESLint.Scope.Variable, seen: Set<unknown>, depth: number): RuntimeValue | undefined {
    if (seen.has(variable)) return undefined;
    seen.add(variable);
    try {
      const parts: (RuntimeValue | undefined)[] = [];
      for (const definition of variable.defs) {
        const defNode = definition.node;
        if (definition.type === "Parameter") {
          parts.push(this.#declaredOnly(this.#classOfBindingType(definition.name, depth)));
        } else if (defNode.type === AST_NODE_TYPES.VariableDeclarator) {
          const annotated = this.#classOfBindingType(definition.name, depth);
          if (defNode.id === definition.name) {
            const written = variable.references
              .filter((reference) => reference.isWrite() && reference.writeExpr && !isNullish(reference.writeExpr))
              .map((reference) => reference.writeExpr as TSESTree.Node);
            const fromWrites = written.length > 0 ? this.#resolveAll(written, seen, depth) : undefined;
            if (annotated && !fromWrites) {
              parts.push(this.#declaredOnly(annotated));
            } else {
              parts.push(fromWrites);
            }
          } else if (defNode.init) {
            parts.push(this.#resolveDestructured(defNode.id, definition.name, defNode.init, seen, depth));
          }
        } else {
          parts.push(undefined);
        }
      }
      return merge(parts);
    } finally {
      seen.delete(variable);
    }
  }

  /** `const { db } = services`: the value of `services.db`. */
  #resolveDestructured(
    pattern: TSESTree.BindingName,
    name: TSESTree.Node,
    init: TSESTree.Expression,
    seen: Set<unknown>,
    depth: number,
  ): RuntimeValue | undefined {
    if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
    for (const property of pattern.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const target = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
      if (target !== name) continue;
      const key = keyName(property.key, property.computed);
      return key === undefined ? undefined : this.#resolveProperty(init, key, seen, depth);
    }
    return undefined;
  }

  /** The runtime class of a binding's annotation: `db: AsyncDatabaseManager`, or `{ db }: { db: AsyncDatabaseManager }`. */
  #classOfBindingType(name: TSESTree.Node, depth: number): RuntimeClass | undefined {
    if (name.type === AST_NODE_TYPES.Identifier && name.typeAnnotation) return this.#classOfType(name.typeAnnotation, depth);
    const property = name.parent?.type === AST_NODE_TYPES.AssignmentPattern ? name.parent.parent : name.parent;
    if (property?.type !== AST_NODE_TYPES.Property || property.parent.type !== AST_NODE_TYPES.ObjectPattern) {
      if (name.parent?.type === AST_NODE_TYPES.AssignmentPattern) {
        const left = name.parent.left;
        if (left.type === AST_NODE_TYPES.Identifier && left.typeAnnotation) return this.#classOfType(left.typeAnnotation, depth);
      }
      return undefined;
    }
    const key = keyName(property.key, property.computed);
    const patternType = property.parent.typeAnnotation;
    return key === undefined ? undefined : this.#classOfType(this.#memberType(patternType, key, depth), depth);
  }

  #resolveMember(node: TSESTree.MemberExpression, seen: Set<unknown>, depth: number): RuntimeValue | undefined {
    const name = memberName(node);
    if (name === undefined) return undefined;
    if (unwrapExpression(node.object).type === AST_NODE_TYPES.ThisExpression) {
      const classNode = enclosingClassOfThis(node);
      return classNode ? this.#resolveField(classNode, name, seen, depth) : undefined;
    }
    return this.#resolveProperty(node.object, name, seen, depth);
  }

  /** `object.name` where `object` is (bound to) an object literal or a parameter with an object type. */
  #resolveProperty(object: TSESTree.Node, name: string, seen: Set<unknown>, depth: number): RuntimeValue | undefined {
    const literal = this.#objectLiteralOf(object, seen, depth);
    if (literal) {
      const property = findProperty(literal, name);
      if (!property) return undefined;
      return this.#resolveSyntax(property.value, seen, depth);
    }
    const inner = unwrapAwait(object);
    if (inner.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = this.variableOf(inner);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type !== "Parameter" || definition.name.type !== AST_NODE_TYPES.Identifier) return undefined;
    return this.#declaredOnly(this.#classOfType(this.#memberType(definition.name.typeAnnotation, name, depth), depth));
  }

  #resolveField(classNode: ClassNode, name: string, seen: Set<unknown>, depth: number): RuntimeValue | undefined {
    const key = `${classNode.range[0]}:${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    try {
      const parts: (RuntimeValue | undefined)[] = [];
      let annotated: RuntimeClass | undefined;
      for (const element of classNode.body.body) {
        if (element.type === AST_NODE_TYPES.PropertyDefinition && propertyName(element) === name) {
          annotated = this.#classOfType(element.typeAnnotation, depth);
          if (element.value && !isNullish(element.value)) parts.push(this.#resolveSyntax(element.value, seen, depth));
        }
        if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === "constructor") {
          for (const parameter of element.value.params) {
            if (parameter.type !== AST_NODE_TYPES.TSParameterProperty) continue;
            const binding = parameter.parameter.type === AST_NODE_TYPES.AssignmentPattern ? parameter.parameter.left : parameter.parameter;
            if (binding.type === AST_NODE_TYPES.Identifier && binding.name === name) {
              parts.push(this.#declaredOnly(this.#classOfType(binding.typeAnnotation, depth)));
            }
          }
        }
      }
      const writes = this.fieldWrites(classNode).get(name) ?? [];
      for (const write of writes) if (!isNullish(write)) parts.push(this.#resolveSyntax(write, seen, depth));
      const merged = merge(parts);
      if (merged && annotated && merged.runtimeClass !== annotated) return undefined;
      return merged ?? this.#declaredOnly(annotated);
    } finally {
      seen.delete(key);
    }
  }

  /** Every `this.name = value` (and `??=`, `||=`) in a class's own methods and field initialisers, by field name. */
  fieldWrites(classNode: ClassNode): ReadonlyMap<string, TSESTree.Expression[]> {
    let writes = this.#fieldWrites.get(classNode);
    if (writes) return writes;
    const found = new Map<string, TSESTree.Expression[]>();
    walk(classNode.body, (node) => {
      if (node.type === AST_NODE_TYPES.AssignmentExpression) {
        const name = thisMemberName(node.left);
        if (name !== undefined && enclosingClassOfThis(node.left) === classNode) {
          found.set(name, [...(found.get(name) ?? []), node.right]);
        }
      }
      return undefined;
    });
    writes = found;
    this.#fieldWrites.set(classNode, writes);
    return writes;
  }

  #objectLiteralOf(node: TSESTree.Node, seen: Set<unknown>, depth: number): TSESTree.ObjectExpression | undefined {
    this.#step();
    if (depth > MAX_DEPTH) return undefined;
    const inner = unwrapAwait(node);
    if (inner.type === AST_NODE_TYPES.ObjectExpression) return inner;
    if (seen.has(inner)) return undefined;
    seen.add(inner);
    try {
      if (inner.type === AST_NODE_TYPES.Identifier) {
        const variable = this.variableOf(inner);
        const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
        if (
          definition?.node.type === AST_NODE_TYPES.VariableDeclarator &&
          definition.node.id === definition.name &&
          definition.node.init &&
          variable?.references.every((reference) => !reference.isWrite() || reference.init)
        ) {
          return this.#objectLiteralOf(definition.node.init, seen, depth + 1);
        }
        return undefined;
      }
      if (inner.type === AST_NODE_TYPES.MemberExpression) {
        const name = memberName(inner);
        if (name === undefined) return undefined;
        if (unwrapExpression(inner.object).type === AST_NODE_TYPES.ThisExpression) {
          const classNode = enclosingClassOfThis(inner);
          const writes = classNode ? (this.fieldWrites(classNode).get(name) ?? []) : [];
          return writes.length === 1 && writes[0] ? this.#objectLiteralOf(writes[0], seen, depth + 1) : undefined;
        }
        const parent = this.#objectLiteralOf(inner.object, seen, depth + 1);
        const property = parent ? findProperty(parent, name) : undefined;
        return property ? this.#objectLiteralOf(property.value, seen, depth + 1) : undefined;
      }
      if (inner.type === AST_NODE_TYPES.CallExpression) {
        const fn = this.#calledFunction(inner);
        const returned = fn ? returnedExpressions(fn) : [];
        return returned.length === 1 && returned[0] ? this.#objectLiteralOf(returned[0], seen, depth + 1) : undefined;
      }
      return undefined;
    } finally {
      seen.delete(inner);
    }
  }

  #ownership(argument: TSESTree.Node | undefined, seen: Set<unknown>, depth: number): PoolOwnership {
    if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return "unknown";
    const literal = this.#objectLiteralOf(argument, seen, depth);
    if (literal) {
      if (findProperty(literal, "pool")) return "borrows";
      return hasSpread(literal) ? "unknown" : "owns";
    }
    const value = this.#resolveSyntax(argument, seen, depth);
    if (value?.runtimeClass === "DatabaseConfig") return "owns";
    if (this.#types) {
      const type = this.#typeAt(unwrapAwait(argument));
      if (type && this.#classOfTsType(type) === "DatabaseConfig") return "owns";
      if (type?.getProperty("pool")) return "borrows";
    }
    // The two shapes the constructor takes are a DatabaseConfig and `{ pool, schema }`: a value
    // named as a config (`config`, `dbConfig`, `settings.databaseConfig`, `configFor(…)`) is the first.
    return /config/i.test(this.#trailingName(argument) ?? "") ? "owns" : "unknown";
  }

  /** `config` for `config`, `settings.dbConfig`, `this.config`; `configFor` for `configFor("x")`: the last name in an expression. */
  #trailingName(node: TSESTree.Node): string | undefined {
    const inner = unwrapAwait(node);
    if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
    if (inner.type === AST_NODE_TYPES.MemberExpression) return memberName(inner);
    if (inner.type === AST_NODE_TYPES.CallExpression) return this.#trailingName(inner.callee);
    return undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // type information

  #typeAt(node: TSESTree.Node): ts.Type | undefined {
    const types = this.#types;
    if (!types) return undefined;
    try {
      const tsNode = types.esTreeNodeToTSNodeMap.get(node);
      return tsNode ? types.program.getTypeChecker().getTypeAtLocation(tsNode) : undefined;
    } catch {
      return undefined;
    }
  }

  #classOfTsType(type: ts.Type | undefined): RuntimeClass | undefined {
    const types = this.#types;
    if (!type || !types) return undefined;
    const checker = types.program.getTypeChecker();
    const nonNullable = checker.getNonNullableType(type);
    if (nonNullable.isUnion()) {
      const classes = new Set(nonNullable.types.map((member) => this.#classOfTsType(member)));
      const [only] = classes;
      return classes.size === 1 ? only : undefined;
    }
    const symbol = nonNullable.getSymbol() ?? nonNullable.aliasSymbol;
    const name = symbol?.getName();
    if (!isRuntimeClassName(name)) return undefined;
    const declaredIn = (symbol?.getDeclarations() ?? []).map((declaration) => declaration.getSourceFile().fileName);
    return declaredIn.some((fileName) => this.#isRuntimeFile(fileName)) ? name : undefined;
  }

  /**
   * A declaration file of the runtime: in the folder of a module this file imports as the runtime
   * (its entry re-exports the classes from files next to it), or anywhere in the package.
   */
  #isRuntimeFile(fileName: string): boolean {
    if (/[\\/]eslint-plugin-pgdbm[\\/]/.test(fileName)) return true;
    if (!this.#runtimeFolders) {
      const folders = new Set<string>();
      const types = this.#types;
      if (types) {
        const checker = types.program.getTypeChecker();
        for (const statement of this.#sourceCode.ast.body) {
          if (statement.type !== AST_NODE_TYPES.ImportDeclaration || !this.isRuntimeModule(statement.source.value)) continue;
          const tsNode = types.esTreeNodeToTSNodeMap.get(statement.source);
          const moduleSymbol = tsNode ? checker.getSymbolAtLocation(tsNode) : undefined;
          for (const declaration of moduleSymbol?.getDeclarations() ?? []) folders.add(folderOf(declaration.getSourceFile().fileName));
        }
      }
      this.#runtimeFolders = folders;
    }
    return this.#runtimeFolders.has(folderOf(fileName));
  }
}

function folderOf(fileName: string): string {
  return fileName.replace(/[\\/][^\\/]*$/, "");
}

const perFile = new WeakMap<object, RuntimeObjects>();

/** The file's {@link RuntimeObjects}, shared by every rule that lints it. */
export function runtimeObjects(context: Context): RuntimeObjects {
  const key = context.sourceCode.ast;
  let objects = perFile.get(key);
  if (!objects) {
    objects = new RuntimeObjects(context);
    perFile.set(key, objects);
  }
  return objects;
}
