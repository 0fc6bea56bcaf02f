// Every token of the Kiln language, defined once. The lexer, the parser, the
// TextMate grammar, the syntax diagrams and the language server's keyword
// completions are all derived from the definitions in this file.

import { createToken, Lexer, type TokenType } from 'chevrotain';

/** What a keyword is for; drives TextMate scopes and completion context. */
export type KeywordRole = 'declaration' | 'statement' | 'section' | 'connective' | 'constant';

export interface KeywordInfo {
  word: string;
  role: KeywordRole;
  doc: string;
  /**
   * A soft keyword is a keyword only where its construct may start; anywhere
   * else it is an ordinary name (`let features = …`, a CSV column `train`).
   */
  soft?: boolean;
}

/**
 * The keywords. Any keyword can be a map key or a named argument
 * (`split { train: 0.9 }`); soft keywords can be any name at all.
 */
export const keywordInfo: readonly KeywordInfo[] = [
  { word: 'import', role: 'declaration', doc: 'Imports the declarations of another `.kiln` file, relative to this one.' },
  { word: 'data', role: 'declaration', doc: 'Declares a dataset: its source, raw fields, features, augmentation, split and batching.' },
  { word: 'block', role: 'declaration', doc: 'Declares a reusable pipeline of layers with typed parameters.' },
  { word: 'model', role: 'declaration', doc: 'Declares a model: named, typed inputs, a body of layers, and an output type.' },
  { word: 'schedule', role: 'declaration', doc: 'Declares a training schedule: optimizer, learning rate, epochs, regularization.' },
  { word: 'distill', role: 'declaration', doc: 'Declares a teacher/student distillation pair, or runs one as an experiment step.' },
  { word: 'experiment', role: 'declaration', doc: 'Declares what to run: train, distill and evaluate steps, a seed and sweeps.' },
  { word: 'let', role: 'statement', doc: 'Binds a name to a value or a branch of the model.' },
  { word: 'repeat', role: 'statement', doc: '`repeat N { stages }` applies the stages N times in sequence.' },
  { word: 'residual', role: 'statement', doc: '`residual(stages)` adds the input to the output of the stages; the shape must be preserved.' },
  { word: 'features', role: 'section', doc: 'The named tensors a dataset yields, each with its type and the transforms that make it.', soft: true },
  { word: 'fields', role: 'section', doc: 'The raw fields of each row and their types; every row is validated against them.', soft: true },
  { word: 'augment', role: 'section', doc: 'Random augmentations applied to the training split only.', soft: true },
  { word: 'clean', role: 'section', doc: 'Row cleaning steps: drop_null, dedupe, filter.', soft: true },
  { word: 'sweep', role: 'section', doc: 'A grid of parameter values to run the experiment over.', soft: true },
  { word: 'train', role: 'statement', doc: '`train MODEL on DATA with SCHEDULE` trains a model.', soft: true },
  { word: 'evaluate', role: 'statement', doc: '`evaluate MODEL on DATA.split metrics [...]` evaluates a model.', soft: true },
  { word: 'hint', role: 'statement', doc: '`hint student.layer <- teacher.layer via dense` matches an intermediate layer of the student to the teacher.', soft: true },
  { word: 'on', role: 'connective', doc: 'Names the data of an experiment step.' },
  { word: 'with', role: 'connective', doc: 'Names the schedule of an experiment step.' },
  { word: 'metrics', role: 'connective', doc: 'Names the metrics of an evaluation.', soft: true },
  { word: 'then', role: 'connective', doc: 'Chains learning-rate schedules: `warmup(500 steps) then cosine(to: 1e-5)`.' },
  { word: 'in', role: 'connective', doc: 'In a sweep, the values a parameter takes.' },
  { word: 'via', role: 'connective', doc: 'In a hint, the projection that maps student features to the teacher\'s.' },
  { word: 'as', role: 'connective', doc: 'Names an import: `import "blocks.kiln" as blocks`.' },
  { word: 'true', role: 'constant', doc: 'The boolean true.' },
  { word: 'false', role: 'constant', doc: 'The boolean false.' },
];

/** Units that may follow a number literal on the same line: `500 steps`, `3 epochs`. */
export const durationUnits: Readonly<Record<string, 'steps' | 'epochs'>> = {
  step: 'steps',
  steps: 'steps',
  epoch: 'epochs',
  epochs: 'epochs',
};

// ---- trivia ---------------------------------------------------------------

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\uFEFF\u00A0]+/, group: Lexer.SKIPPED, line_breaks: true });
/** Comments are kept in their own group: the formatter and the language server need them. */
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: 'comments', label: 'a comment' });
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: 'comments',
  line_breaks: true,
  label: 'a comment',
});

/** An unterminated block comment runs to the end of the file; the parser reports it. */
export const UnterminatedBlockComment = createToken({
  name: 'UnterminatedBlockComment',
  pattern: /\/\*[\s\S]*/,
  group: 'comments',
  line_breaks: true,
  label: 'an unterminated comment',
});

// ---- names and literals -----------------------------------------------

/** Every infix operator, `then` included: the parser reads them all alike. */
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA, label: 'an operator' });

/** Any word that may stand where a name is written freely (map keys, named arguments). */
export const AnyName = createToken({ name: 'AnyName', pattern: Lexer.NA, label: 'a name' });
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [AnyName], label: 'a name' });
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:\d[\d_]*(?:\.\d[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?/,
  label: 'a number',
});
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\n\r]|\\.)*"/, label: 'a string' });
/** An unterminated string is its own token so the error can say exactly that. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\n\r]|\\.)*/, label: 'an unterminated string' });

function keywordToken(info: KeywordInfo): TokenType {
  const name = info.word[0].toUpperCase() + info.word.slice(1);
  const categories = info.soft ? [AnyName, Identifier] : info.word === 'then' ? [AnyName, BinaryOperator] : [AnyName];
  return createToken({ name, pattern: new RegExp(info.word), longer_alt: Identifier, categories, label: `\`${info.word}\`` });
}

export const keywordTokens: Readonly<Record<string, TokenType>> = Object.fromEntries(keywordInfo.map((k) => [k.word, keywordToken(k)]));
export const keyword = (word: string): TokenType => keywordTokens[word];

// ---- punctuation and operators ------------------------------------------


const punct = (name: string, pattern: string, binary = false) =>
  createToken({
    name,
    pattern: new RegExp(pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')),
    label: `\`${pattern}\``,
    ...(binary ? { categories: [BinaryOperator] } : {}),
  });

export const Pipe = punct('Pipe', '|>', true);
export const Arrow = punct('Arrow', '->');
export const LeftArrow = punct('LeftArrow', '<-');
export const DotDot = punct('DotDot', '..', true);
export const EqEq = punct('EqEq', '==', true);
export const NotEq = punct('NotEq', '!=', true);
export const LessEq = punct('LessEq', '<=', true);
export const GreaterEq = punct('GreaterEq', '>=', true);
export const AndAnd = punct('AndAnd', '&&', true);
export const OrOr = punct('OrOr', '||', true);
export const Less = punct('Less', '<', true);
export const Greater = punct('Greater', '>', true);
export const Bang = punct('Bang', '!');
export const LParen = punct('LParen', '(');
export const RParen = punct('RParen', ')');
export const LBracket = punct('LBracket', '[');
export const RBracket = punct('RBracket', ']');
export const LBrace = punct('LBrace', '{');
export const RBrace = punct('RBrace', '}');
export const Comma = punct('Comma', ',');
export const Colon = punct('Colon', ':');
export const Equals = punct('Equals', '=');
export const Dot = punct('Dot', '.');
export const Plus = punct('Plus', '+', true);
export const Minus = punct('Minus', '-', true);
export const Star = punct('Star', '*', true);
export const Slash = punct('Slash', '/', true);
export const Percent = punct('Percent', '%', true);
export const Question = punct('Question', '?');

/** Multi-character operators come before their one-character prefixes. */
export const operatorTokens: readonly TokenType[] = [
  Pipe,
  Arrow,
  LeftArrow,
  DotDot,
  EqEq,
  NotEq,
  LessEq,
  GreaterEq,
  AndAnd,
  OrOr,
  Less,
  Greater,
  Bang,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Colon,
  Equals,
  Dot,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Question,
];

/** The lexer's token order: trivia, keywords before identifiers, longest operators first. */
export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  AnyName,
  BinaryOperator,
  ...Object.values(keywordTokens),
  Identifier,
  NumberLiteral,
  StringLiteral,
  UnterminatedString,
  ...operatorTokens,
];

/** Tokens that begin a top-level declaration: where recovery resynchronises. */
export const declarationStarts: readonly TokenType[] = keywordInfo.filter((k) => k.role === 'declaration').map((k) => keywordTokens[k.word]);
