"""The words of a review copy that are not the draft's: the cover note and the comments table.

One entry per language; a language without its own entry gets the English one (once). Fields in
braces are filled from the project: {title}, {version}, {deadline}.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class NoteWords:
    heading: str
    intro: str
    deadline: str
    steps: tuple[str, ...]
    table_heading: str
    #: Column headings of the comments table: section, paragraph, comment, proposed change.
    columns: tuple[str, str, str, str]


NOTES: dict[str, NoteWords] = {
    "en": NoteWords(
        "How to comment",
        "This is the review copy of {title}, version {version}.",
        "Please send your comments by {deadline}.",
        ("Comment in Word or LibreOffice: select the words you comment on and insert a comment (Review › New Comment).",
         "Propose changes to the wording with Track Changes, which is already on in this copy: type, delete or replace "
         "text where it stands. Every tracked change becomes a proposal that the secretariat can accept as it is.",
         "Or fill the comments table at the end: one row per comment, with the section number, the paragraph (its number "
         "within the section, 1 for the first), your comment and the change you propose.",
         "Please do not delete or move paragraphs and headings other than with Track Changes, and send the file back as "
         ".docx: it carries invisible marks that tie your comments to the right paragraph."),
        "Comments table", ("Section", "Paragraph", "Comment", "Proposed change")),
    "zh": NoteWords(
        "如何提出意见",
        "本文件为《{title}》（版本 {version}）的审阅稿。",
        "请于 {deadline} 前提交意见。",
        ("在 Word 或 LibreOffice 中批注：选中要评论的文字，插入批注（审阅 › 新建批注）。",
         "修改措辞请使用“修订”（本文件已开启修订）：直接在原处输入、删除或替换文字。每处修订都会成为秘书处可以直接采纳的修改建议。",
         "也可以填写文末的意见表：每条意见一行，填写章节编号、段落（在该章节中的序号，第一段为 1）、意见和修改建议。",
         "除使用修订外，请勿删除或移动段落和标题，并以 .docx 格式返回文件：文件中含有不可见的标记，用于将您的意见对应到相应段落。"),
        "意见表", ("章节", "段落", "意见", "修改建议")),
    "vi": NoteWords(
        "Cách góp ý",
        "Đây là bản lấy ý kiến của {title}, phiên bản {version}.",
        "Xin vui lòng gửi góp ý trước ngày {deadline}.",
        ("Góp ý trong Word hoặc LibreOffice: chọn đoạn văn bản cần góp ý và chèn nhận xét (Review › New Comment).",
         "Đề xuất sửa câu chữ bằng chế độ Theo dõi thay đổi (Track Changes), đã được bật sẵn trong bản này: gõ, xóa hoặc "
         "thay thế văn bản ngay tại chỗ. Mỗi thay đổi được theo dõi sẽ trở thành một đề xuất mà ban thư ký có thể chấp nhận nguyên văn.",
         "Hoặc điền vào bảng góp ý ở cuối tài liệu: mỗi góp ý một dòng, ghi số mục, đoạn (số thứ tự trong mục, 1 là đoạn "
         "đầu tiên), nội dung góp ý và đề xuất sửa đổi.",
         "Xin không xóa hoặc di chuyển các đoạn và tiêu đề trừ khi dùng Theo dõi thay đổi, và gửi lại tệp ở định dạng .docx: "
         "tài liệu có các dấu ẩn giúp gắn góp ý của quý vị với đúng đoạn văn."),
        "Bảng góp ý", ("Mục", "Đoạn", "Góp ý", "Đề xuất sửa đổi")),
    "fr": NoteWords(
        "Comment commenter",
        "Ceci est la copie de relecture de {title}, version {version}.",
        "Merci d'envoyer vos commentaires avant le {deadline}.",
        ("Commentez dans Word ou LibreOffice : sélectionnez les mots concernés et insérez un commentaire (Révision › Nouveau commentaire).",
         "Proposez des modifications du texte avec le suivi des modifications, déjà activé dans cette copie : tapez, "
         "supprimez ou remplacez le texte là où il se trouve. Chaque modification suivie devient une proposition que le "
         "secrétariat peut accepter telle quelle.",
         "Ou remplissez le tableau des commentaires à la fin : une ligne par commentaire, avec le numéro de section, le "
         "paragraphe (son rang dans la section, 1 pour le premier), votre commentaire et la modification proposée.",
         "Merci de ne supprimer ni déplacer de paragraphe ou de titre autrement qu'avec le suivi des modifications, et de "
         "renvoyer le fichier au format .docx : il porte des repères invisibles qui rattachent vos commentaires au bon paragraphe."),
        "Tableau des commentaires", ("Section", "Paragraphe", "Commentaire", "Modification proposée")),
}


def note_languages(languages: Iterable[str]) -> list[tuple[str, NoteWords]]:
    """(language, words) for each requested language, English standing in (once) for the others."""
    found: dict[str, tuple[str, NoteWords]] = {}
    for lang in languages:
        key = lang if lang in NOTES else "en"
        found.setdefault(key, (key, NOTES[key]))
    return list(found.values()) or [("en", NOTES["en"])]
