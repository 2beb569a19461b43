/**
 * A small, strict XML reader (elements, attributes, text, the five entities and character
 * references; anything else is an error) and the checks of the Ant JUnit schema that CI servers
 * read (https://github.com/windyroad/JUnit-Schema/blob/master/JUnit.xsd): the elements and the
 * attributes it requires, in the places it allows them, with numbers where it wants numbers.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (all, ref: string | undefined) => {
    if (ref === undefined) throw new Error('a bare & in XML text');
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number(ref.slice(1)));
    const known = ENTITIES[ref];
    if (known === undefined) throw new Error(`unknown entity ${all}`);
    return known;
  });
}

export function parseXml(xml: string): XmlElement {
  let at = 0;
  const declaration = /^<\?xml\s+version="1\.0"\s+encoding="UTF-8"\?>\s*/.exec(xml);
  if (declaration === null) throw new Error('no <?xml version="1.0" encoding="UTF-8"?> declaration');
  at = declaration[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (at < xml.length) {
    if (xml.startsWith('</', at)) {
      const end = /^<\/([\w.-]+)\s*>/.exec(xml.slice(at));
      const open = stack.pop();
      if (end === null || open === undefined || end[1] !== open.name) throw new Error(`mismatched closing tag at ${at}`);
      at += end[0].length;
      continue;
    }
    if (xml[at] === '<') {
      const tag = /^<([\w.-]+)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>/.exec(xml.slice(at));
      if (tag === null) throw new Error(`malformed tag at ${at}: ${xml.slice(at, at + 40)}`);
      const attributes: Record<string, string> = {};
      for (const [, name, value] of (tag[2] ?? '').matchAll(/([\w.-]+)="([^"]*)"/g)) {
        if (name! in attributes) throw new Error(`attribute ${name} twice`);
        attributes[name!] = decode(value!);
      }
      const element: XmlElement = { name: tag[1]!, attributes, children: [], text: '' };
      const parent = stack.at(-1);
      if (parent) parent.children.push(element);
      else if (root === undefined) root = element;
      else throw new Error('more than one root element');
      if (tag[3] !== '/') stack.push(element);
      at += tag[0].length;
      continue;
    }
    const next = xml.indexOf('<', at);
    const raw = xml.slice(at, next === -1 ? xml.length : next);
    const parent = stack.at(-1);
    if (parent) parent.text += decode(raw);
    else if (raw.trim() !== '') throw new Error('text outside the root element');
    at = next === -1 ? xml.length : next;
  }
  if (stack.length > 0 || root === undefined) throw new Error('unclosed elements');
  return root;
}

const DECIMAL = /^\d+(\.\d+)?$/;
const COUNT = /^\d+$/;
/** The schema's ISO8601_DATETIME_PATTERN: no zone. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/** The schema violations of a JUnit document (empty when it is valid). */
export function junitViolations(root: XmlElement): string[] {
  const problems: string[] = [];
  const need = (el: XmlElement, name: string, pattern?: RegExp) => {
    const value = el.attributes[name];
    if (value === undefined || value === '') problems.push(`<${el.name}> has no ${name}`);
    else if (pattern && !pattern.test(value)) problems.push(`<${el.name} ${name}="${value}"> is not of the form ${pattern}`);
  };
  if (root.name !== 'testsuites') return [`the root is <${root.name}>, not <testsuites>`];
  if (root.children.length === 0) problems.push('<testsuites> holds no <testsuite>');
  for (const suite of root.children) {
    if (suite.name !== 'testsuite') {
      problems.push(`<testsuites> holds <${suite.name}>`);
      continue;
    }
    for (const name of ['name', 'hostname', 'package', 'id']) need(suite, name);
    for (const name of ['tests', 'failures', 'errors']) need(suite, name, COUNT);
    need(suite, 'time', DECIMAL);
    need(suite, 'timestamp', TIMESTAMP);
    const names = suite.children.map((c) => c.name);
    if (names[0] !== 'properties') problems.push('<testsuite> does not start with <properties>');
    if (names.at(-2) !== 'system-out' || names.at(-1) !== 'system-err') problems.push('<testsuite> does not end with <system-out> and <system-err>');
    const cases = suite.children.filter((c) => c.name === 'testcase');
    if (names.some((n) => !['properties', 'testcase', 'system-out', 'system-err'].includes(n))) problems.push(`<testsuite> holds other elements: ${names}`);
    for (const property of suite.children[0]?.children ?? []) {
      if (property.name !== 'property') problems.push(`<properties> holds <${property.name}>`);
      need(property, 'name');
      if (property.attributes.value === undefined) problems.push('<property> has no value');
    }
    if (String(cases.length) !== suite.attributes.tests) problems.push(`tests="${suite.attributes.tests}" but ${cases.length} <testcase>`);
    const failures = cases.filter((c) => c.children.some((x) => x.name === 'failure')).length;
    if (String(failures) !== suite.attributes.failures) problems.push(`failures="${suite.attributes.failures}" but ${failures} failed <testcase>`);
    for (const testcase of cases) {
      need(testcase, 'name');
      need(testcase, 'classname');
      need(testcase, 'time', DECIMAL);
      if (testcase.children.length > 1) problems.push(`<testcase ${testcase.attributes.name}> holds more than one child`);
      for (const child of testcase.children) {
        if (child.name === 'failure' || child.name === 'error') {
          need(child, 'message');
          need(child, 'type');
        } else if (child.name !== 'skipped') problems.push(`<testcase> holds <${child.name}>`);
      }
    }
  }
  return problems;
}
