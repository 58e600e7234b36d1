/**
 * The ribbon's function file. The only ribbon button opens the task pane (ShowTaskpane action in
 * the manifest), which needs no code here; Office still requires the file to load and call
 * Office.onReady so that the host knows the add-in's commands are ready.
 */
Office.onReady(() => {
  // Nothing to register: the ribbon has no ExecuteFunction commands.
});
