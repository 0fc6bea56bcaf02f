// The Kiln parser: a Chevrotain CstParser with error recovery on. It builds a
// concrete syntax tree and nothing else; src/syntax/ turns it into the AST.
// Built once per process (Chevrotain's self-analysis is the costly part).

import { CstParser, tokenMatcher, type CstNode, type IParserErrorMessageProvider, type IToken } from 'chevrotain';
import * as T from './tokens.js';

const kw = T.keywordTokens;

/** Human descriptions of rules, used in syntax error messages. */
export const ruleDescriptions: Readonly<Record<string, string>> = {
  file: 'a declaration',
  topLevel: 'a declaration (`import`, `data`, `block`, `model`, `schedule`, `distill` or `experiment`)',
  importDecl: 'an import',
  dataDecl: 'a `data` declaration',
  dataItem: 'a data setting or section',
  featuresSection: 'the `features` section',
  fieldsSection: 'the `fields` section',
  augmentSection: 'the `augment` section',
  cleanSection: 'the `clean` section',
  typedBinding: 'a typed name',
  blockDecl: 'a `block` declaration',
  modelDecl: 'a `model` declaration',
  paramList: 'a parameter list',
  param: 'a parameter',
  body: 'a body',
  statement: 'a statement',
  letStatement: 'a `let` binding',
  scheduleDecl: 'a `schedule` declaration',
  distillDecl: 'a `distill` declaration',
  hintStatement: 'a hint',
  experimentDecl: 'an `experiment` declaration',
  experimentItem: 'an experiment step',
  trainStep: 'a `train` step',
  distillStep: 'a `distill` step',
  evaluateStep: 'an `evaluate` step',
  sweepSection: 'a sweep',
  sweepAxis: 'a sweep axis',
  setting: 'a value for this setting',
  typeRef: 'a type',
  dimension: 'a dimension',
  expression: 'an expression',
  unary: 'an expression',
  postfix: 'an expression',
  primary: 'an expression',
  parenExpr: 'an expression',
  argumentList: 'arguments',
  argument: 'an argument',
  listLiteral: 'a list',
  mapLiteral: 'a map',
  mapEntry: 'a map entry',
  repeatExpr: 'a `repeat`',
  residualExpr: 'a `residual`',
};

export class KilnParser extends CstParser {
  /**
   * `messages` lets the semantic layer word syntax errors its own way.
   * `recovery` is on for every real use; off, the parser stops at the first error.
   */
  constructor(messages?: IParserErrorMessageProvider, recovery = true) {
    super([...T.allTokens], { recoveryEnabled: recovery, maxLookahead: 3, nodeLocationTracking: 'onlyOffset', ...(messages ? { errorMessageProvider: messages } : {}) });
    this.performSelfAnalysis();
  }

  file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.topLevel));
  });

  topLevel = this.RULE('topLevel', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.dataDecl) },
      { ALT: () => this.SUBRULE(this.blockDecl) },
      { ALT: () => this.SUBRULE(this.modelDecl) },
      { ALT: () => this.SUBRULE(this.scheduleDecl) },
      { ALT: () => this.SUBRULE(this.distillDecl) },
      { ALT: () => this.SUBRULE(this.experimentDecl) },
    ]);
  });

  importDecl = this.RULE('importDecl', () => {
    this.CONSUME(kw.import);
    this.CONSUME(T.StringLiteral);
    this.OPTION(() => {
      this.CONSUME(kw.as);
      this.CONSUME(T.Identifier);
    });
  });

  // ---- data ------------------------------------------------------------

  dataDecl = this.RULE('dataDecl', () => {
    this.CONSUME(kw.data);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.dataItem));
    this.CONSUME(T.RBrace);
  });

  // Sections start with soft keywords, which are also names: a section is
  // tried first, and `features = …` stays a setting by lookahead.
  dataItem = this.RULE('dataItem', () => {
    this.OR({ IGNORE_AMBIGUITIES: true, DEF: [
      { ALT: () => this.SUBRULE(this.featuresSection) },
      { ALT: () => this.SUBRULE(this.fieldsSection) },
      { ALT: () => this.SUBRULE(this.augmentSection) },
      { ALT: () => this.SUBRULE(this.cleanSection) },
      { ALT: () => this.SUBRULE(this.setting) },
    ] });
  });

  featuresSection = this.RULE('featuresSection', () => {
    this.CONSUME(kw.features);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.typedBinding));
    this.CONSUME(T.RBrace);
  });

  fieldsSection = this.RULE('fieldsSection', () => {
    this.CONSUME(kw.fields);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.typedBinding));
    this.CONSUME(T.RBrace);
  });

  /** `name: type` or `name: type = expression`. */
  typedBinding = this.RULE('typedBinding', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  augmentSection = this.RULE('augmentSection', () => {
    this.CONSUME(kw.augment);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.expression));
    this.CONSUME(T.RBrace);
  });

  cleanSection = this.RULE('cleanSection', () => {
    this.CONSUME(kw.clean);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.expression));
    this.CONSUME(T.RBrace);
  });

  // ---- blocks and models ------------------------------------------------

  blockDecl = this.RULE('blockDecl', () => {
    this.CONSUME(kw.block);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.paramList));
    this.SUBRULE(this.body);
  });

  modelDecl = this.RULE('modelDecl', () => {
    this.CONSUME(kw.model);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.paramList);
    this.OPTION(() => {
      this.CONSUME(T.Arrow);
      this.SUBRULE(this.typeRef);
    });
    this.SUBRULE(this.body);
  });

  paramList = this.RULE('paramList', () => {
    this.CONSUME(T.LParen);
    this.MANY(() => {
      this.SUBRULE(this.param);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RParen);
  });

  param = this.RULE('param', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  body = this.RULE('body', () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RBrace);
  });

  statement = this.RULE('statement', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.letStatement) }, { ALT: () => this.SUBRULE(this.expression) }]);
  });

  letStatement = this.RULE('letStatement', () => {
    this.CONSUME(kw.let);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  // ---- schedules, distillation, experiments -------------------------------

  scheduleDecl = this.RULE('scheduleDecl', () => {
    this.CONSUME(kw.schedule);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.setting));
    this.CONSUME(T.RBrace);
  });

  distillDecl = this.RULE('distillDecl', () => {
    this.CONSUME(kw.distill);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR({ IGNORE_AMBIGUITIES: true, DEF: [{ ALT: () => this.SUBRULE(this.hintStatement) }, { ALT: () => this.SUBRULE(this.setting) }] });
    });
    this.CONSUME(T.RBrace);
  });

  hintStatement = this.RULE('hintStatement', () => {
    this.CONSUME(kw.hint);
    this.SUBRULE(this.expression, { LABEL: 'student' });
    this.CONSUME(T.LeftArrow);
    this.SUBRULE2(this.expression, { LABEL: 'teacher' });
    this.OPTION(() => {
      this.CONSUME(kw.via);
      this.SUBRULE3(this.expression, { LABEL: 'projection' });
    });
  });

  experimentDecl = this.RULE('experimentDecl', () => {
    this.CONSUME(kw.experiment);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.experimentItem));
    this.CONSUME(T.RBrace);
  });

  experimentItem = this.RULE('experimentItem', () => {
    this.OR({ IGNORE_AMBIGUITIES: true, DEF: [
      { ALT: () => this.SUBRULE(this.trainStep) },
      { ALT: () => this.SUBRULE(this.distillStep) },
      { ALT: () => this.SUBRULE(this.evaluateStep) },
      { ALT: () => this.SUBRULE(this.sweepSection) },
      { ALT: () => this.SUBRULE(this.setting) },
    ] });
  });

  trainStep = this.RULE('trainStep', () => {
    this.CONSUME(kw.train);
    this.SUBRULE(this.expression, { LABEL: 'target' });
    this.CONSUME(kw.on);
    this.SUBRULE2(this.expression, { LABEL: 'data' });
    this.OPTION(() => {
      this.CONSUME(kw.with);
      this.SUBRULE3(this.expression, { LABEL: 'schedule' });
    });
  });

  distillStep = this.RULE('distillStep', () => {
    this.CONSUME(kw.distill);
    this.SUBRULE(this.expression, { LABEL: 'target' });
    this.CONSUME(kw.on);
    this.SUBRULE2(this.expression, { LABEL: 'data' });
    this.OPTION(() => {
      this.CONSUME(kw.with);
      this.SUBRULE3(this.expression, { LABEL: 'schedule' });
    });
  });

  evaluateStep = this.RULE('evaluateStep', () => {
    this.CONSUME(kw.evaluate);
    this.SUBRULE(this.expression, { LABEL: 'target' });
    this.CONSUME(kw.on);
    this.SUBRULE2(this.expression, { LABEL: 'data' });
    this.OPTION(() => {
      this.CONSUME(kw.metrics);
      this.SUBRULE3(this.expression, { LABEL: 'metrics' });
    });
  });

  sweepSection = this.RULE('sweepSection', () => {
    this.CONSUME(kw.sweep);
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.SUBRULE(this.sweepAxis);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBrace);
  });

  sweepAxis = this.RULE('sweepAxis', () => {
    this.SUBRULE(this.expression, { LABEL: 'parameter' });
    this.CONSUME(kw.in);
    this.SUBRULE2(this.expression, { LABEL: 'values' });
  });

  /**
   * `name value`, `name = value`, or `name(arguments)`: the settings of data,
   * schedule, distill and experiment bodies. Which names exist is the
   * checker's business, so that a misspelt setting gets a did-you-mean.
   */
  setting = this.RULE('setting', () => {
    this.CONSUME(T.Identifier);
    // `name (…)` is always the call form; ordered choice settles it.
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.argumentList) },
        {
          ALT: () => {
            this.OPTION(() => this.CONSUME(T.Equals));
            this.SUBRULE(this.expression);
          },
        },
      ],
    });
  });

  // ---- types --------------------------------------------------------------

  /** `int`, `f32[28, 28, 1]`, `class[10]`, `optional string`. */
  typeRef = this.RULE('typeRef', () => {
    this.OPTION({
      GATE: () => this.LA(1).image === 'optional' && tokenMatcher(this.LA(2), T.Identifier),
      DEF: () => this.CONSUME(T.Identifier, { LABEL: 'modifier' }),
    });
    this.CONSUME2(T.Identifier, { LABEL: 'name' });
    this.OPTION2(() => {
      this.CONSUME(T.LBracket);
      this.MANY(() => {
        this.SUBRULE(this.dimension);
        this.OPTION3(() => this.CONSUME(T.Comma));
      });
      this.CONSUME(T.RBracket);
    });
  });

  dimension = this.RULE('dimension', () => {
    this.OR([{ ALT: () => this.CONSUME(T.NumberLiteral) }, { ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.Question) }]);
  });

  // ---- expressions ----------------------------------------------------------
  //
  // One flat rule for every binary operator: operands and operators in
  // order. Precedence is applied when the AST is built (src/syntax/), which
  // keeps the parser shallow: a deep chain of one rule per precedence level
  // costs a CST node per level per operand, and made parsing three times slower.

  expression = this.RULE('expression', () => {
    this.SUBRULE(this.unary, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(T.BinaryOperator, { LABEL: 'operators' });
      this.SUBRULE2(this.unary, { LABEL: 'operands' });
    });
  });

  /**
   * An operand: prefix operators (`-x`, `!flag`), a primary, then member
   * accesses (`digits.test`) and calls (`dense(128)`), left to right. The
   * suffixes are parsed here rather than through `postfix`: one CST node less
   * per operand, the most common node of all. Error recovery is unchanged, as
   * `postfix` added no re-sync point of its own (nothing follows it in `unary`).
   */
  unary = this.RULE('unary', () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Minus, { LABEL: 'operators' }) }, { ALT: () => this.CONSUME(T.Bang, { LABEL: 'operators' }) }]);
    });
    this.SUBRULE(this.primary);
    this.MANY2(() => this.suffix());
  });

  /** A primary with its suffixes: the count of a `repeat`. */
  postfix = this.RULE('postfix', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => this.suffix());
  });

  /** `.name` or `(arguments)` after an operand; shared by `unary` and `postfix`. */
  private suffix(): void {
    // OR2: `unary` has an OR of its own (the prefix operators).
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.Dot, { LABEL: 'suffixes' });
          this.CONSUME(T.AnyName, { LABEL: 'suffixes' });
        },
      },
      { ALT: () => this.SUBRULE(this.argumentList, { LABEL: 'suffixes' }) },
    ]);
  }

  primary = this.RULE('primary', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.NumberLiteral);
          // A unit belongs to the number only on the same line, so that
          // `warmup 3` followed by a setting named `epochs` stays two settings.
          this.OPTION({
            GATE: () => {
              const next = this.LA(1);
              return tokenMatcher(next, T.Identifier) && next.image in T.durationUnits && next.startLine === this.LA(0).endLine;
            },
            DEF: () => this.CONSUME(T.Identifier, { LABEL: 'unit' }),
          });
        },
      },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(kw.true) },
      { ALT: () => this.CONSUME(kw.false) },
      { ALT: () => this.CONSUME2(T.Identifier) },
      { ALT: () => this.SUBRULE(this.listLiteral) },
      { ALT: () => this.SUBRULE(this.mapLiteral) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
      { ALT: () => this.SUBRULE(this.repeatExpr) },
      { ALT: () => this.SUBRULE(this.residualExpr) },
    ]);
  });

  parenExpr = this.RULE('parenExpr', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });

  argumentList = this.RULE('argumentList', () => {
    this.CONSUME(T.LParen);
    this.MANY(() => {
      this.SUBRULE(this.argument);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RParen);
  });

  /** Positional (`128`) or named (`activation: relu`). */
  argument = this.RULE('argument', () => {
    this.OPTION(() => {
      this.CONSUME(T.AnyName, { LABEL: 'name' });
      this.CONSUME(T.Colon);
    });
    this.SUBRULE(this.expression);
  });

  listLiteral = this.RULE('listLiteral', () => {
    this.CONSUME(T.LBracket);
    this.MANY(() => {
      this.SUBRULE(this.expression);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });

  mapLiteral = this.RULE('mapLiteral', () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.SUBRULE(this.mapEntry);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBrace);
  });

  mapEntry = this.RULE('mapEntry', () => {
    this.OR([{ ALT: () => this.CONSUME(T.AnyName, { LABEL: 'key' }) }, { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'key' }) }]);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  repeatExpr = this.RULE('repeatExpr', () => {
    this.CONSUME(kw.repeat);
    this.SUBRULE(this.postfix, { LABEL: 'count' });
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RBrace);
  });

  residualExpr = this.RULE('residualExpr', () => {
    this.CONSUME(kw.residual);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });
}

export type { CstNode, IToken };
