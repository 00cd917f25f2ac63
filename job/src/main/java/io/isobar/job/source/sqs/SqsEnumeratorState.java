package io.isobar.job.source.sqs;


/**
 * The enumerator's checkpoint: empty, because there is nothing to remember. Splits are interchangeable tickets to
 * the same queue and readers keep theirs in their own state; a restored enumerator simply offers every reader a split
 * again and readers ignore one they already hold.
 */
record SqsEnumeratorState() {}
