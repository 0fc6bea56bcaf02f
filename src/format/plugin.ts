// The Kiln plugin for Prettier 3: the language, its parser and its printer.
// Published as `kiln/prettier`, so `prettier --plugin=kiln/prettier` formats
// `.kiln` files; `kiln fmt` uses the same plugin through src/format/format.ts.

import type { Plugin, SupportLanguage, SupportOptions } from 'prettier';
import { kilnParser } from './parser.js';
import { kilnPrinter } from './printer.js';

export const languages: SupportLanguage[] = [
  {
    name: 'Kiln',
    parsers: ['kiln'],
    extensions: ['.kiln'],
    vscodeLanguageIds: ['kiln'],
  },
];

export const parsers = { kiln: kilnParser };

export const printers = { 'kiln-ast': kilnPrinter };

/** Kiln has no options of its own: printWidth, tabWidth and useTabs are Prettier's. */
export const options: SupportOptions = {};

// Pipelines of layer calls run long; 100 columns (rustfmt's width) keeps typical ones on one line.
export const defaultOptions = { printWidth: 100, tabWidth: 2, useTabs: false };

const plugin: Plugin = { languages, parsers, printers, options, defaultOptions };
export default plugin;
