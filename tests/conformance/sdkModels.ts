// Reads the response models an official SDK declares (its generated *_models.d.ts) with the
// TypeScript compiler, and checks a response against them: every field the emulator returns must
// be declared by the model, with the declared type, and may be null only where the model's own
// documentation says the field can be null ("此字段可能返回 null", "本项为null"), and every field the
// model requires (no `?`) must be there.
import { readFileSync } from "node:fs";
import * as ts from "typescript";

export type FieldType =
    | { kind: "string" | "number" | "boolean" | "any" }
    | { kind: "array"; of: FieldType }
    | { kind: "ref"; name: string }
    | { kind: "union"; of: FieldType[] }
    | { kind: "map" };

export interface Field {
    type: FieldType;
    optional: boolean;
    nullable: boolean;
}

export type Models = Map<string, Map<string, Field>>;

function typeOf(node: ts.TypeNode): FieldType {
    switch (node.kind) {
        case ts.SyntaxKind.StringKeyword:
            return { kind: "string" };
        case ts.SyntaxKind.NumberKeyword:
        case ts.SyntaxKind.BigIntKeyword: // large integers arrive as JSON numbers
            return { kind: "number" };
        case ts.SyntaxKind.UnionType:
            return { kind: "union", of: (node as ts.UnionTypeNode).types.map(typeOf) };
        case ts.SyntaxKind.LiteralType: {
            const literal = (node as ts.LiteralTypeNode).literal;
            return literal.kind === ts.SyntaxKind.NumericLiteral
                ? { kind: "number" }
                : literal.kind === ts.SyntaxKind.StringLiteral
                  ? { kind: "string" }
                  : { kind: "any" };
        }
        case ts.SyntaxKind.BooleanKeyword:
            return { kind: "boolean" };
        case ts.SyntaxKind.AnyKeyword:
        case ts.SyntaxKind.UnknownKeyword:
            return { kind: "any" };
        case ts.SyntaxKind.ArrayType:
            return { kind: "array", of: typeOf((node as ts.ArrayTypeNode).elementType) };
        case ts.SyntaxKind.TypeLiteral:
            return { kind: "map" };
        case ts.SyntaxKind.TypeReference: {
            const ref = node as ts.TypeReferenceNode;
            const name = ref.typeName.getText();
            if (name === "Array" && ref.typeArguments?.length === 1)
                return { kind: "array", of: typeOf(ref.typeArguments[0]) };
            if (name === "Record") return { kind: "map" };
            return { kind: "ref", name };
        }
        default:
            throw new Error(`sdkModels: unsupported type ${ts.SyntaxKind[node.kind]} (${node.getText()})`);
    }
}

/** Every interface of one or more model files: name -> field -> declaration. */
export function readModels(...files: string[]): Models {
    const models: Models = new Map();
    for (const file of files) {
        const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
        for (const statement of source.statements) {
            if (!ts.isInterfaceDeclaration(statement)) continue;
            const fields = new Map<string, Field>();
            for (const member of statement.members) {
                if (!ts.isPropertySignature(member) || !member.type) continue;
                const comment = member.getFullText(source).slice(0, member.getLeadingTriviaWidth(source));
                fields.set(member.name.getText(source), {
                    type: typeOf(member.type),
                    optional: member.questionToken !== undefined,
                    nullable: /null/i.test(comment),
                });
            }
            models.set(statement.name.text, fields);
        }
    }
    return models;
}

/** Problems of `value` against the model `name` ("" when it conforms); paths like InstanceSet[0].Tags[1].Key. */
export function checkAgainstModel(models: Models, name: string, value: unknown, path = name): string[] {
    const fields = models.get(name);
    if (!fields) return [`${path}: the SDK declares no model ${name}`];
    if (value === null || typeof value !== "object" || Array.isArray(value))
        return [`${path}: expected an object (${name}), got ${JSON.stringify(value)}`];
    const problems: string[] = [];
    for (const [key, field] of fields) {
        if (!field.optional && !(key in (value as Record<string, unknown>)))
            problems.push(`${path}.${key}: required by the SDK's ${name} model, missing`);
    }
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        const field = fields.get(key);
        if (!field) {
            problems.push(`${path}.${key}: not in the SDK's ${name} model`);
            continue;
        }
        if (v === null) {
            if (!field.nullable)
                problems.push(`${path}.${key}: null, but the SDK does not document ${name}.${key} as nullable`);
            continue;
        }
        problems.push(...checkType(models, field.type, v, `${path}.${key}`));
    }
    return problems;
}

function checkType(models: Models, type: FieldType, value: unknown, path: string): string[] {
    switch (type.kind) {
        case "any":
            return [];
        case "string":
        case "number":
        case "boolean":
            return typeof value === type.kind ? [] : [`${path}: expected ${type.kind}, got ${JSON.stringify(value)}`];
        case "map":
            return value !== null && typeof value === "object" && !Array.isArray(value)
                ? []
                : [`${path}: expected an object`];
        case "array":
            if (!Array.isArray(value)) return [`${path}: expected an array, got ${JSON.stringify(value)}`];
            return value.flatMap((item, i) =>
                item === null
                    ? [`${path}[${i}]: null inside an array`]
                    : checkType(models, type.of, item, `${path}[${i}]`),
            );
        case "ref":
            return checkAgainstModel(models, type.name, value, path);
        case "union": {
            const each = type.of.map((t) => checkType(models, t, value, path));
            return each.some((p) => p.length === 0) ? [] : each[0];
        }
    }
}
