/** The outcome is unknown even after the status query (settlement.ts rule 1): the browser gets 202 and recovery settles it. */
export class OutcomePending extends Error {
  constructor(message = 'The outcome of a money call is not known yet') {
    super(message);
    this.name = 'OutcomePending';
  }
}
