/**
 * Questions issued by branch data and the answers to them (§3.4, §8: "answers are missing when
 * questions were issued"). Q4: rule and type codes are opaque; only the min/max length is checked.
 */
import type { Question } from './catalogue-data.ts';
import { RequestError, type AnswerInput } from './request-rules.ts';
import type { Transaction } from './transactions.ts';

/** Checks the answers given to these questions; returns the questions still unanswered. */
export function unansweredAfter(questions: Question[], answers: AnswerInput[]): Question[] {
  answers.forEach((answer, i) => {
    const question = questions.find((q) => q.id === answer.code);
    if (!question) return; // an answer to a question not asked here is ignored
    const length = answer.description.length;
    if (length < question.min || length > question.max) {
      throw new RequestError(`answers[${i}].description`, `expected ${question.min} to ${question.max} characters for question ${question.id}`);
    }
  });
  return questions.filter((q) => !answers.some((a) => a.code === q.id));
}

/** Branch data issued these questions for a dealer/branch: remember those left unanswered. */
export function issueQuestions(tx: Transaction, key: string, questions: Question[], answers: AnswerInput[]): Question[] {
  const open = unansweredAfter(questions, answers);
  if (open.length > 0) tx.pendingQuestions.set(key, open);
  else tx.pendingQuestions.delete(key);
  return open;
}

/** Do-recharge: every question issued for this dealer/branch must be answered by now. */
export function requireAnswers(tx: Transaction, key: string, answers: AnswerInput[]): void {
  const open = unansweredAfter(tx.pendingQuestions.get(key) ?? [], answers);
  const first = open[0];
  if (first) throw new RequestError('answers', `question ${first.id} was issued and must be answered`);
}
