/** Text files bundled by webpack as strings (rule `{ test: /\.txt$/, type: 'asset/source' }`). */
declare module '*.txt' {
  const text: string;
  export default text;
}
