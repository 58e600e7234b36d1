"""Writes zips with Python's zipfile, the way packers on other machines write them.

Reads JSON from stdin: [{"path": ..., "members": [{"name": ..., "file": path | "text": str | "zeros": n,
"names": "gbk" | "utf8" | "utf8-unflagged"}]}]. Windows' own 压缩 and most Chinese packers store names
in GBK without the UTF-8 flag; 7-Zip sets the flag; macOS's Archive Utility writes UTF-8 without it.
"""
import json
import sys
import zipfile


class Named(zipfile.ZipInfo):
    encoding = 'utf8'

    def _encodeFilenameFlags(self):
        if self.encoding == 'utf8':
            return super()._encodeFilenameFlags()
        codec = 'gbk' if self.encoding == 'gbk' else 'utf-8'
        return self.filename.encode(codec), self.flag_bits & ~0x800


for spec in json.load(sys.stdin):
    with zipfile.ZipFile(spec['path'], 'w', zipfile.ZIP_DEFLATED) as z:
        for m in spec['members']:
            info = Named(m['name'], date_time=(2019, 6, 28, 9, 30, 0))
            info.encoding = m.get('names', 'utf8')
            info.compress_type = zipfile.ZIP_DEFLATED
            if 'file' in m:
                data = open(m['file'], 'rb').read()
            elif 'zeros' in m:
                data = bytes(m['zeros'])
            else:
                data = m.get('text', '').encode('utf-8')
            z.writestr(info, data)
