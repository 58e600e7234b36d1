/** A list file that cannot be read, with a Chinese message saying what it is and what to do. */
export class ListFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListFileError';
  }
}
