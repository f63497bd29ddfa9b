/**
 * The openness module's service: 政务公开 (directory, guide, annual report), 互动交流 (letters,
 * surveys) and the 阳光 performance board. Use cases live one per file; this binds them to deps.
 */
import { withContext, SYSTEM_CONTEXT, type Tx } from '../../platform/db/context.ts';
import { actorContext, type Actor, type ActingUser } from '../../platform/http/actor.ts';
import type { OpennessDeps } from './openness.deps.ts';
import * as directory from './directory.ts';
import * as letters from './letters.ts';
import * as surveys from './surveys.ts';
import * as report from './annual-report.ts';
import { performanceBoard } from './performance.ts';

export function createOpennessService(deps: OpennessDeps) {
  return {
    deps,
    inScope<T>(actor: Actor | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
      return withContext(deps.db, actorContext(actor), fn);
    },
    /** Public reads of aggregates and masked columns, and the public's own writes (letters). */
    asSystem<T>(fn: (trx: Tx) => Promise<T>): Promise<T> {
      return withContext(deps.db, SYSTEM_CONTEXT, fn);
    },
    /** Public reads under RLS with no scope: only what is published. */
    asPublic<T>(fn: (trx: Tx) => Promise<T>): Promise<T> {
      return withContext(deps.db, actorContext(null), fn);
    },
    createEntry: (trx: Tx, a: ActingUser, i: directory.EntryInput) => directory.createEntry(deps, trx, a, i),
    updateEntry: (trx: Tx, a: ActingUser, id: number, i: directory.EntryInput) => directory.updateEntry(deps, trx, a, id, i),
    submitEntry: (trx: Tx, a: ActingUser, id: number) => directory.submitEntry(deps, trx, a, id),
    publishEntry: (trx: Tx, a: ActingUser, id: number) => directory.publishEntry(deps, trx, a, id),
    returnEntry: (trx: Tx, a: ActingUser, id: number, note: string) => directory.returnEntry(deps, trx, a, id, note),
    withdrawEntry: (trx: Tx, a: ActingUser, id: number, reason: string) => directory.withdrawEntry(deps, trx, a, id, reason),
    listEntries: directory.listEntries,
    listPublished: directory.listPublished,
    findPublished: directory.findPublished,

    receiveLetter: (trx: Tx, i: letters.LetterInput) => letters.receiveLetter(deps, trx, i),
    replyLetter: (trx: Tx, a: ActingUser, no: string, reply: string) => letters.replyLetter(deps, trx, a, no, reply),
    publishLetter: (trx: Tx, a: ActingUser, no: string, edit: Parameters<typeof letters.publishLetter>[4]) => letters.publishLetter(deps, trx, a, no, edit),
    rateLetter: (trx: Tx, no: string, code: string, rating: number, comment: string | null) => letters.rateLetter(deps, trx, no, code, rating, comment),
    writerView: letters.writerView,
    listLetters: letters.listLetters,
    getLetter: letters.getLetter,
    maskedProposal: letters.maskedProposal,
    listPublishedLetters: letters.listPublishedLetters,
    findPublishedLetter: letters.findPublishedLetter,

    createSurvey: (trx: Tx, a: ActingUser, i: surveys.SurveyInput) => surveys.createSurvey(deps, trx, a, i),
    setSurveyStatus: (trx: Tx, a: ActingUser, id: number, s: 'open' | 'closed') => surveys.setSurveyStatus(deps, trx, a, id, s),
    vote: (trx: Tx, a: ActingUser, id: number, key: string) => surveys.vote(deps, trx, a, id, key),
    surveyResults: surveys.results,
    hasVoted: surveys.hasVoted,
    listSurveys: surveys.listSurveys,

    reportFigures: (trx: Tx, a: ActingUser, year: number) => report.reportFigures(deps, trx, a, year),
    issueReport: (trx: Tx, a: ActingUser, year: number) => report.issueReport(deps, trx, a, year),
    listReports: report.listReports,
    findReport: report.findReport,
    reportPdf: (trx: Tx, documentId: number, subjectId: string) => deps.documents.getPdf(trx, documentId, { expectSubject: { type: 'openness.annual_report', id: subjectId } }),

    performanceBoard: (trx: Tx, q: Parameters<typeof performanceBoard>[2]) => performanceBoard(deps, trx, q),
  };
}

export type OpennessService = ReturnType<typeof createOpennessService>;
