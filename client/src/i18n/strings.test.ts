import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { notYetTranslated } from './not-yet-translated';

/**
 * Every string a person reads goes through the translations (docs/i18n.md). These tests
 * read the components' source: words written straight into JSX, or into an attribute a
 * person reads or hears (a label, a placeholder, an aria-label), fail here; so do keys
 * a component asks for that English lacks, and a language missing a key English has.
 */

const source = join(__dirname, '..');
const locales = join(__dirname, 'locales');
const languages = ['en', 'fr', 'es', 'sw'];

/** Attributes whose text a person reads or hears. */
const spokenAttributes = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
  'hint',
  'legend',
  'heading',
  'caption',
  'message',
  'confirmLabel',
  'emptyText',
  'description',
]);

/** Whether a text has words to translate; the product's name is the same in every language. */
const hasWords = (text: string) => /\p{L}{2,}/u.test(text.replaceAll('MyMedic', ''));

function componentFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'locales' ? [] : componentFiles(path);
    return /\.tsx$/.test(entry.name) && !/\.(test|fixture)\./.test(entry.name) ? [path] : [];
  });
}

/** The literal texts an expression shows, through `a ? 'x' : 'y'`, `a && 'x'` and `a ?? 'x'`. */
function shownLiterals(node: ts.Expression): ts.Node[] {
  if (ts.isParenthesizedExpression(node)) return shownLiterals(node.expression);
  if (ts.isConditionalExpression(node))
    return [...shownLiterals(node.whenTrue), ...shownLiterals(node.whenFalse)];
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken) return shownLiterals(node.right);
    if (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken)
      return [...shownLiterals(node.left), ...shownLiterals(node.right)];
    return [];
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    return hasWords(node.text) ? [node] : [];
  if (ts.isTemplateExpression(node)) {
    const texts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
    return texts.some(hasWords) ? [node] : [];
  }
  return [];
}

/** Each text in a component that a person would read untranslated, as "line: text". */
export function untranslated(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node) => {
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    found.push(`${line}: ${node.getText(file).trim().replace(/\s+/g, ' ').slice(0, 60)}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text)) report(node);
    if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent))
      shownLiterals(node.expression).forEach(report);
    if (
      ts.isJsxAttribute(node) &&
      spokenAttributes.has(node.name.getText(file)) &&
      node.initializer
    ) {
      const value = node.initializer;
      if (ts.isStringLiteral(value) && hasWords(value.text)) report(value);
      if (ts.isJsxExpression(value) && value.expression)
        shownLiterals(value.expression).forEach(report);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

type Strings = { [key: string]: string | Strings };

function keysOf(strings: Strings, prefix = ''): string[] {
  return Object.entries(strings).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}

const readStrings = (language: string, namespace: string): Strings =>
  JSON.parse(readFileSync(join(locales, language, `${namespace}.json`), 'utf8')) as Strings;

const namespaces = readdirSync(join(locales, 'en')).map((name) => name.replace(/\.json$/, ''));

/** Without the plural endings i18next adds (`_one`, `_other`, ...). */
const pluralStem = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

/** The keys a file asks for with a literal: `t('key')`, `t('ns:key')`, `i18nKey="key"`. */
function askedKeys(path: string): { namespace: string; key: string }[] {
  const text = readFileSync(path, 'utf8');
  const declared = /useTranslation\(\s*\[?\s*'([\w-]+)'/.exec(text)?.[1] ?? 'common';
  const asked = [...text.matchAll(/\bt\(\s*'([^']+)'/g), ...text.matchAll(/i18nKey="([^"]+)"/g)];
  return asked.map(([, written]) => {
    const [namespace, key] = written!.includes(':') ? written!.split(':') : [declared, written!];
    return { namespace: namespace!, key: key! };
  });
}

describe('translations', () => {
  const files = componentFiles(source);

  it('leaves no words untranslated in a component', () => {
    const leaks = files
      .map((path) => relative(source, path))
      .filter((path) => !notYetTranslated.includes(path))
      .flatMap((path) => untranslated(join(source, path)).map((leak) => `${path}:${leak}`));
    expect(leaks).toEqual([]);
  });

  it('lists as not yet translated only files that still are', () => {
    const done = notYetTranslated.filter((path) => untranslated(join(source, path)).length === 0);
    expect(done, 'take these off not-yet-translated.ts').toEqual([]);
  });

  it('finds every key a component asks for in English', () => {
    const english = new Map(
      namespaces.map((namespace) => [
        namespace,
        new Set(keysOf(readStrings('en', namespace)).map(pluralStem)),
      ]),
    );
    const missing = files.flatMap((path) =>
      askedKeys(path)
        .filter(({ namespace, key }) => !english.get(namespace)?.has(key))
        .map(({ namespace, key }) => `${relative(source, path)}: ${namespace}:${key}`),
    );
    expect(missing).toEqual([]);
  });

  it.each(languages.slice(1))('has every English string in %s, none empty', (language) => {
    for (const namespace of namespaces) {
      const english = keysOf(readStrings('en', namespace)).map(pluralStem);
      const strings = readStrings(language, namespace);
      const theirs = keysOf(strings);
      expect(
        [...new Set(english)].filter((key) => !theirs.map(pluralStem).includes(key)),
        `${language}/${namespace}.json lacks`,
      ).toEqual([]);
      expect(
        theirs.filter((key) => !new Set(english).has(pluralStem(key))),
        `${language}/${namespace}.json has keys English does not`,
      ).toEqual([]);
      const empty = theirs.filter((key) => {
        const value = key
          .split('.')
          .reduce<Strings | string>((at, part) => (at as Strings)[part]!, strings);
        return typeof value !== 'string' || value.trim() === '';
      });
      expect(empty, `${language}/${namespace}.json empty`).toEqual([]);
    }
  });

  it('catches what it is meant to catch', () => {
    const probe = join(__dirname, 'probe.fixture.tsx');
    expect(untranslated(probe)).toHaveLength(5);
  });
});
