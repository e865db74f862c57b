import { useMutation } from '@tanstack/react-query';
import { downloadCreateTemplate } from '../../lib/messaging';
import { PanelButton, PanelNote } from '../bulk-edit/controls';
import { errorMessage } from '../bulk-edit/use-bulk-edit';
import { downloadCsv } from '../reporting/download';

/** The bulk-create template (the columns, and an example row of each type), as a file. */
export function TemplateDownloadButton() {
  const download = useMutation({
    mutationFn: async () => {
      const file = await downloadCreateTemplate();
      downloadCsv(file.fileName, file.csv);
    },
  });
  return (
    <div className="space-y-[6px]">
      <PanelButton
        testId="create-template"
        onClick={() => download.mutate()}
        disabled={download.isPending}
      >
        {download.isPending ? 'Downloading…' : 'Download template'}
      </PanelButton>
      {download.error ? (
        <PanelNote tone="error" testId="create-template-error">
          Could not download the template: {errorMessage(download.error)}
        </PanelNote>
      ) : null}
    </div>
  );
}
